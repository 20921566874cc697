package siaga.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import siaga.contracts.Json;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of every Siaga route. The truth is the hand-written
 * {@code infra/openapi/openapi.yaml}, packed on the class path as {@value #RESOURCE}; it is read and converted to
 * JSON once, when the route is registered, so a broken description stops start-up instead of a request.
 *
 * <p>It describes every service, whichever of them this process runs: a client learns the whole API from any
 * instance. {@code OpenApiIT} keeps it and the registered routes equal.
 */
public final class ApiDescription {
    public static final String PATH = "/openapi.json";
    static final String RESOURCE = "openapi/openapi.yaml";

    private ApiDescription() {
    }

    public static void register(RouteTable routes) {
        String json = toJson(load());
        routes.get(PATH, Roles.PUBLIC, ctx -> ctx.contentType("application/json").result(json));
    }

    /** The description as a tree; an IllegalStateException when it is missing or not YAML. */
    static JsonNode load() {
        try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            return Json.YAML.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(RESOURCE + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String toJson(JsonNode description) {
        try {
            return Json.MAPPER.writeValueAsString(description);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
