package siaga.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventType;
import siaga.contracts.events.EventTypes;

/**
 * Turns events into bytes and back. Decoding is strict and says exactly why a record is refused, so that the
 * caller can put it on {@code dead-letter} with that reason: it must be JSON, name a registered type and
 * version that belongs on the topic, satisfy that type's JSON Schema, and satisfy the records' invariants.
 */
public final class EventCodec {
    private EventCodec() {
    }

    public static byte[] encode(Event<?> event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("event " + event.eventId() + " could not be written", e);
        }
    }

    public static <P extends EventPayload> Event<P> decode(byte[] raw, Class<P> expected) throws InvalidEventException {
        if (raw == null) {
            throw new InvalidEventException("value is null (a tombstone) where an event is expected");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new InvalidEventException("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("not a JSON object");
        }
        return decode(node, expected);
    }

    public static <P extends EventPayload> Event<P> decode(JsonNode node, Class<P> expected) throws InvalidEventException {
        JsonNode typeNode = node.get("type");
        JsonNode versionNode = node.get("schemaVersion");
        if (typeNode == null || !typeNode.isTextual() || versionNode == null || !versionNode.canConvertToExactIntegral()) {
            throw new InvalidEventException("missing type or schemaVersion");
        }
        EventType type = EventTypes.find(typeNode.asText(), versionNode.asInt())
                .orElseThrow(() -> new InvalidEventException(
                        "unknown event type " + typeNode.asText() + " v" + versionNode.asInt()));
        if (!expected.isAssignableFrom(type.payloadClass())) {
            throw new InvalidEventException(type + " is not a " + expected.getSimpleName());
        }
        List<String> violations = Schemas.violations(type.schemaResource(), node);
        if (!violations.isEmpty()) {
            throw new InvalidEventException("violates " + type.schemaResource() + ": " + String.join("; ", violations));
        }
        JavaType javaType = Json.MAPPER.getTypeFactory().constructParametricType(Event.class, type.payloadClass());
        try {
            return Json.MAPPER.treeToValue(node, javaType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("breaks an invariant of " + type + ": " + firstLine(rootMessage(e)));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
