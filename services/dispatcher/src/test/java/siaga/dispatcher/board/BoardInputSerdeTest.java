package siaga.dispatcher.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;

/** The board's repartition: what the router writes is read back as it was, trusted, and older layouts still read. */
class BoardInputSerdeTest {
    static final Instant AT = Instant.parse("2026-01-15T02:00:00Z");
    static final BoardInput.Source SOURCE = new BoardInput.Source("complaints", 3, 41);
    static final Event<ComplaintReported> REPORT = Event.of(new ComplaintReported("MDN-2026-000001", "fallen-tree", "DLH", 2,
                    new GeoPoint(-7.6120, 111.5230), "Jl. Pahlawan", "Pohon tumbang", new Reporter("Sri", "081234567890")),
            "madiun", "c-1", new Actor(ActorRole.OPERATOR, "op-1"), "corr-c-1", AT);

    final BoardInputSerde serde = new BoardInputSerde();

    @Test
    void anEventAndAMovedComplaintComeBackAsTheyWere() {
        WaitingComplaint complaint = new WaitingComplaint("c-1", "MDN-2026-000001", "madiun", "corr-c-1", "fallen-tree", "PUPR",
                null, 2, new GeoPoint(-7.6120, 111.5230), AT, Duration.ofMinutes(15));
        Event<ComplaintQueued> move = REPORT.followedBy(new ComplaintQueued("PUPR", "jalan amblas", List.of(), "2026-12-b"),
                Actor.system("dispatcher"), AT.plusSeconds(60));
        BoardInput plain = new BoardInput(SOURCE, REPORT);
        BoardInput moved = new BoardInput(new BoardInput.Source("dispatch", 3, 7), move, complaint);

        assertThat(roundTrip(plain)).isEqualTo(plain);
        assertThat(roundTrip(moved)).isEqualTo(moved);
    }

    @Test
    void theLayoutWithoutTheTypeAheadIsDecodedStrictly() throws Exception {
        ObjectNode old = Json.MAPPER.createObjectNode();
        old.set("source", Json.MAPPER.valueToTree(SOURCE));
        old.set("event", Json.MAPPER.valueToTree(REPORT));
        old.putNull("complaint");
        assertThat(serde.deserializer().deserialize("t", Json.MAPPER.writeValueAsBytes(old))).isEqualTo(new BoardInput(SOURCE, REPORT));

        ((ObjectNode) old.get("event")).put("jurisdiction", "");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Json.MAPPER.writeValueAsBytes(old)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("violates schemas/events/complaint.reported.v3.json");
    }

    @Test
    void aRecordThatBreaksAnInvariantIsRefused() {
        byte[] written = serde.serializer().serialize("t", new BoardInput(SOURCE, REPORT));
        String broken = new String(written, StandardCharsets.UTF_8).replace("\"subjectId\":\"c-1\"", "\"subjectId\":\"\"");

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("subjectId");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    private BoardInput roundTrip(BoardInput input) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", input));
    }
}
