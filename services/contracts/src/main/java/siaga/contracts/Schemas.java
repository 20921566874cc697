package siaga.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of {@code schemas/} (packed on the class path under {@code schemas/}), loaded once each.
 * Thread-safe.
 */
public final class Schemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The schema at a class-path resource such as {@code schemas/events/complaint.reported.v1.json}. */
    public static JsonSchema get(String resource) {
        return CACHE.computeIfAbsent(resource, r -> FACTORY.getSchema(SchemaLocation.of("classpath:" + r), CONFIG));
    }

    /** Violations as {@code /json/pointer: message}, empty when the document is valid. */
    public static List<String> violations(String resource, JsonNode document) {
        Set<ValidationMessage> messages = get(resource).validate(document);
        return messages.stream()
                .map(m -> (m.getInstanceLocation().toString().replaceFirst("^\\$", "")) + ": " + m.getMessage())
                .sorted()
                .toList();
    }
}
