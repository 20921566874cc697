package siaga.dispatcher.board;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventType;
import siaga.contracts.events.EventTypes;

/**
 * {@link BoardInput} on the board's repartition topic:
 * {@code {"source": {...}, "complaint": ..., "type": ..., "schemaVersion": ..., "event": {...}}}, the event in its
 * wire form, its type and version written again ahead of it so that it can be bound in one pass.
 *
 * <p>Trusted: only the router writes this topic, and every event in it was strictly decoded (and its schema
 * checked) when the router read it from its source topic. Reading it back therefore skips the JSON Schema, which
 * would cost more than the decision itself; the records' own invariants still hold, since Jackson builds the
 * event through its constructors. A record of an older layout or event version (written before an upgrade) is
 * decoded strictly by {@link EventCodec}, which also upgrades it.
 */
public final class BoardInputSerde implements Serde<BoardInput> {
    /** Binds one value where the parser stands; the whole record is checked for trailing tokens once, at its end. */
    private static final ObjectReader IN_PLACE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public Serializer<BoardInput> serializer() {
        return (topic, input) -> {
            if (input == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
                json.writeStartObject();
                json.writePOJOField("source", input.source());
                json.writePOJOField("complaint", input.complaint());
                json.writeStringField("type", input.event().type());
                json.writeNumberField("schemaVersion", input.event().schemaVersion());
                json.writePOJOField("event", input.event());
                json.writeEndObject();
            } catch (IOException e) {
                throw new SerializationException("cannot write board input " + input.event().eventId(), e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<BoardInput> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try (JsonParser json = Json.MAPPER.createParser(bytes)) {
                return read(json);
            } catch (IOException | InvalidEventException | RuntimeException e) {
                throw new SerializationException("cannot read board input from " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    private static BoardInput read(JsonParser json) throws IOException, InvalidEventException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        BoardInput.Source source = null;
        WaitingComplaint complaint = null;
        String type = null;
        int version = 0;
        Event<?> event = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "source" -> source = IN_PLACE.readValue(json, BoardInput.Source.class);
                case "complaint" -> complaint = value == JsonToken.VALUE_NULL ? null : IN_PLACE.readValue(json, WaitingComplaint.class);
                case "type" -> type = json.getValueAsString();
                case "schemaVersion" -> version = json.getValueAsInt();
                case "event" -> event = readEvent(json, type, version);
                default -> throw new IOException("unexpected field " + field);
            }
        }
        if (json.nextToken() != null) {
            throw new IOException("trailing tokens after the record");
        }
        if (source == null || event == null) {
            throw new IOException("source or event missing");
        }
        return new BoardInput(source, event, complaint);
    }

    private static Event<?> readEvent(JsonParser json, String type, int version) throws IOException, InvalidEventException {
        Optional<EventType> current = type == null ? Optional.empty() : EventTypes.find(type, version);
        if (current.isEmpty()) {
            return EventCodec.decode(IN_PLACE.readTree(json), EventPayload.class);
        }
        JavaType eventType = Json.MAPPER.getTypeFactory().constructParametricType(Event.class, current.get().payloadClass());
        return IN_PLACE.forType(eventType).readValue(json);
    }
}
