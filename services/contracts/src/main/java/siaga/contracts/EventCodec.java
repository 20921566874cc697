package siaga.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
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

    /** Decodes an envelope; a legacy version is validated against its own schema, then upgraded to the current one. */
    public static <P extends EventPayload> Event<P> decode(JsonNode node, Class<P> expected) throws InvalidEventException {
        JsonNode typeNode = node.get("type");
        JsonNode versionNode = node.get("schemaVersion");
        if (typeNode == null || !typeNode.isTextual() || versionNode == null || !versionNode.canConvertToExactIntegral()) {
            throw new InvalidEventException("missing type or schemaVersion");
        }
        String name = typeNode.asText();
        int version = versionNode.asInt();
        Optional<EventType> current = EventTypes.find(name, version);
        Optional<EventTypes.Legacy> legacy = current.isPresent() ? Optional.empty() : EventTypes.findLegacy(name, version);
        EventType type = current.or(() -> legacy.map(EventTypes.Legacy::type))
                .orElseThrow(() -> new InvalidEventException("unknown event type " + name + " v" + version));
        if (!expected.isAssignableFrom(type.payloadClass())) {
            throw new InvalidEventException(type + " is not a " + expected.getSimpleName());
        }
        List<String> violations = Schemas.violations(type.schemaResource(), node);
        if (!violations.isEmpty()) {
            throw new InvalidEventException("violates " + type.schemaResource() + ": " + String.join("; ", violations));
        }
        if (legacy.isPresent()) {
            node = upgrade(node.deepCopy(), legacy.get());
        }
        JavaType javaType = Json.MAPPER.getTypeFactory().constructParametricType(Event.class, type.payloadClass());
        try {
            return Json.MAPPER.treeToValue(node, javaType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("breaks an invariant of " + type + ": " + firstLine(rootMessage(e)));
        }
    }

    /** An old version's envelope, rewritten as the current version: same event id, data upgraded. */
    private static JsonNode upgrade(JsonNode node, EventTypes.Legacy legacy) {
        ObjectNode envelope = (ObjectNode) node;
        legacy.upgradeData().accept(envelope, (ObjectNode) envelope.get("data"));
        envelope.put("schemaVersion", EventTypes.of(legacy.type().payloadClass()).version());
        return envelope;
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
