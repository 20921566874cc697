package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.dispatcher.board.CrewOnBoard;
import siaga.dispatcher.board.DispatchBoard;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

class DispatcherIT {
    static TestKafka kafka;
    static SiagaConfig config;
    static DispatcherService service;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        config = kafka.config();
        service = new DispatcherService(config, ReferenceCatalog.demo(), Clock.systemUTC());
        service.start();
        Await.until("dispatcher ready", Duration.ofSeconds(60), () -> service.health().ready());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
        }
        kafka.close();
    }

    @Test
    void dispatchesAComplaintToTheCrewOnShiftThroughTheBroker() throws Exception {
        GeoPoint depot = new GeoPoint(-7.6100, 111.5230);
        Instant now = Instant.now();
        Event<ShiftStarted> shift = Event.of(new ShiftStarted("dlh-1", "DLH", depot), "madiun", "dlh-1",
                new Actor(ActorRole.CREW, "dlh-1"), "shift-dlh-1", now.minusSeconds(60));
        Event<ComplaintReported> tree = Event.of(new ComplaintReported("MDN-2026-000001", "fallen-tree", "DLH", 2,
                        new GeoPoint(-7.6120, 111.5230), "Jl. Pahlawan", "Pohon tumbang menutup jalan",
                        new Reporter("Sri", "081234567890")),
                "madiun", "c-it-1", new Actor(ActorRole.OPERATOR, "op-1"), "corr-it-1", now);

        try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(config, "dispatcher-it"))) {
            producer.send(new ProducerRecord<>(Topics.CREWS.name(), "dlh-1", EventCodec.encode(shift))).get();
            // the shift and the complaint come from different topics: wait until the board has the crew, so the
            // complaint is dispatched at once rather than queued first
            Await.until("dlh-1 on shift on the DLH board", Duration.ofSeconds(30), () -> {
                ReadOnlyKeyValueStore<String, CrewOnBoard> crews = service.client().store(
                        StoreQueryParameters.fromNameAndType(DispatchBoard.CREWS_STORE, QueryableStoreTypes.keyValueStore()));
                CrewOnBoard crew = crews.get("madiun/DLH/dlh-1");
                return crew != null && crew.onShift();
            });
            producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), "c-it-1", EventCodec.encode(tree))).get();
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), Topics.DISPATCH.name(), 1, Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("c-it-1");
        Event<DispatchEvent> dispatched = Topics.DISPATCH.decode(records.get(0).value());
        assertThat(dispatched.data()).isEqualTo(new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "only on-shift crew with tree-clearing (0 open jobs, 222 m away)"));
        assertThat(dispatched.correlationId()).isEqualTo("corr-it-1");
        assertThat(dispatched.actor()).isEqualTo(Actor.system("dispatcher"));
    }
}
