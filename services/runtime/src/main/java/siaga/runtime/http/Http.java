package siaga.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;

/**
 * Javalin as every Siaga service uses it: Siaga's JSON mapping, a request size limit, and one exception
 * mapper that turns every failure into a problem body (expected 4xx logged in one line without a stack trace;
 * anything else is a 500 whose detail hides internals and whose stack trace goes to the log).
 */
public final class Http {
    public static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Http.class);

    private Http() {
    }

    /** A Javalin app, not started; callers add routes with {@code Service.routes} and then start it. */
    public static Javalin create() {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        });
        app.exception(ProblemException.class, (e, ctx) -> write(ctx, e.problem()));
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, new Problem(
                "https://siaga.example/problems/http-" + e.getStatus(), e.getMessage(), e.getStatus(),
                e.getMessage(), List.of())));
        app.exception(Exception.class, (e, ctx) -> {
            ProblemException mapped = fromJsonFailure(e);
            if (mapped != null) {
                write(ctx, mapped.problem());
                return;
            }
            log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, new Problem("https://siaga.example/problems/internal", "Internal error", 500,
                    "the request could not be completed; it has been logged", List.of()));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, new Problem("https://siaga.example/problems/not-found", "Not found", 404,
                        "no route for " + ctx.method() + " " + ctx.path(), List.of()));
            }
        });
        return app;
    }

    private static void write(Context ctx, Problem problem) {
        if (problem.status() < 500) {
            log.info("{} {} -> {} {}", ctx.method(), ctx.path(), problem.status(), problem.detail());
        }
        ctx.status(problem.status()).contentType("application/problem+json").result(toJson(problem));
    }

    private static String toJson(Problem problem) {
        try {
            return Json.MAPPER.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a JSON object body, decoded as strict UTF-8, or throws a 400 problem saying why it is not one.
     */
    public static JsonNode jsonBody(Context ctx) {
        return jsonObject(utf8Body(ctx));
    }

    /**
     * The body decoded as strict UTF-8: a malformed byte is a 400, never replaced by U+FFFD and stored. The 64 KiB
     * limit is enforced by Javalin when the body is read (413).
     */
    public static String utf8Body(Context ctx) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(ctx.bodyAsBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("", "the request body is not valid UTF-8");
        }
    }

    /** Parses an already decoded body as a JSON object, or throws a 400 problem saying why it is not one. */
    public static JsonNode jsonObject(String body) {
        if (body.isBlank()) {
            throw ProblemException.badRequest("", "the request body must be a JSON object");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("", "the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Binds a JSON body to a request record, mapping Jackson's failures to a 400 naming the field. */
    public static <T> T body(Context ctx, Class<T> type) {
        JsonNode node = jsonBody(ctx);
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw fromJsonFailure(e);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("", e.getMessage());
        }
    }

    private static ProblemException fromJsonFailure(Throwable e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String pointer = pointer(u) ;
            return ProblemException.badRequest(pointer, "unknown field '" + u.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException f) {
            return ProblemException.badRequest(pointer(f), "has the wrong type or format: " + f.getValue());
        }
        if (e instanceof MismatchedInputException m) {
            return ProblemException.badRequest(pointer(m), "is missing or has the wrong type");
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException iae) {
            return ProblemException.badRequest(pointer(m), iae.getMessage());
        }
        if (e instanceof JsonProcessingException p) {
            return ProblemException.badRequest("", "the request body is not valid JSON: " + p.getOriginalMessage());
        }
        return null;
    }

    private static String pointer(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
    }
}
