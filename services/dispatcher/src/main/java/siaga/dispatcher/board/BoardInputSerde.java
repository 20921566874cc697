package siaga.dispatcher.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import siaga.contracts.EventCodec;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.events.EventPayload;

/**
 * {@link BoardInput} on the board's repartition topic: {@code {"source": {...}, "event": {...}, "complaint": ...}},
 * the event in its wire form and decoded by {@link EventCodec} (its payload type is named inside it, not by Jackson).
 */
public final class BoardInputSerde implements Serde<BoardInput> {

    @Override
    public Serializer<BoardInput> serializer() {
        return (topic, input) -> {
            if (input == null) {
                return null;
            }
            try {
                return Json.MAPPER.writeValueAsBytes(input);
            } catch (IOException e) {
                throw new SerializationException("cannot write board input " + input.event().eventId(), e);
            }
        };
    }

    @Override
    public Deserializer<BoardInput> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode node = Json.MAPPER.readTree(bytes);
                BoardInput.Source source = Json.MAPPER.treeToValue(node.get("source"), BoardInput.Source.class);
                JsonNode complaint = node.get("complaint");
                return new BoardInput(source, EventCodec.decode(node.get("event"), EventPayload.class),
                        complaint == null || complaint.isNull() ? null : Json.MAPPER.treeToValue(complaint, WaitingComplaint.class));
            } catch (IOException | InvalidEventException | RuntimeException e) {
                throw new SerializationException("cannot read board input from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
