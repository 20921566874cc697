package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.Instances;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/**
 * Two dispatcher instances of one application against the real broker, a burst of 60 complaints for 4 crews of
 * at most 3 jobs each: no crew ever holds more than 3, no complaint is dispatched twice or lost, and resolving
 * jobs drains the queue. The department's board lives in one task, so the instances cannot race over its crews.
 */
class DispatcherConsistencyIT {
    static final int COMPLAINTS = 60;
    static final int LIMIT = 3;
    static final List<String> CREWS = List.of("dlh-1", "dlh-2", "dlh-3", "dlh-4");

    static TestKafka kafka;
    static SiagaConfig config;
    static final List<ServiceHost> hosts = new ArrayList<>();
    static DemoUsers users;
    static final List<Integer> ports = new ArrayList<>();
    static final List<DispatcherService> instances = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        config = kafka.config().with(DispatcherConfig.MAX_JOBS_PER_CREW, String.valueOf(LIMIT));
        ReferenceData demo = ReferenceData.demo();
        List<ReferenceData.Crew> crews = new ArrayList<>(demo.crews());
        crews.add(new ReferenceData.Crew("dlh-4", "Regu Pertamanan Barat", "DLH", List.of("tree-clearing"), new GeoPoint(-7.6250, 111.5000)));
        ReferenceCatalog reference = new ReferenceCatalog(List.of(
                new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), demo.categories(), crews)));
        for (int i = 0; i < 2; i++) {
            int port = Instances.freePort();
            SiagaConfig own = Instances.own(config, port);
            DispatcherService service = new DispatcherService(own, reference, Clock.systemUTC());
            instances.add(service);
            ServiceHost host = new ServiceHost(own, ReferenceCatalog.demo(), Clock.systemUTC(), List.of(service));
            hosts.add(host);
            ports.add(host.start(port));
        }
        Await.until("both dispatchers ready", Duration.ofSeconds(90), () -> instances.stream().allMatch(s -> s.health().ready()));
        users = new DemoUsers(URI.create("http://localhost:" + ports.get(0)));
    }

    @AfterAll
    static void stop() {
        hosts.forEach(ServiceHost::close);
        kafka.close();
    }

    @Test
    void aBurstBeyondTheCrewsCapacityNeverOverloadsACrewLosesOrDoublesAComplaintAndTheQueueDrains() throws Exception {
        List<String> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(config, "consistency-it"));
             var log = new DispatchLog(kafka.bootstrapServers())) {
            for (String crew : CREWS) {
                producer.send(new ProducerRecord<>(Topics.CREWS.name(), crew, EventCodec.encode(Event.of(
                        new ShiftStarted(crew, "DLH", new GeoPoint(-7.6300, 111.5200)), "madiun", crew,
                        new Actor(ActorRole.CREW, crew), "shift-" + crew, Instant.now())))).get();
            }
            for (int i = 0; i < COMPLAINTS; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                // 330 m apart on a grid, so none is a duplicate of another
                GeoPoint at = new GeoPoint(-7.600 - (i / 8) * 0.003, 111.500 + (i % 8) * 0.003);
                producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), id, EventCodec.encode(Event.of(
                        new ComplaintReported(String.format("MDN-2026-%06d", i + 1), "fallen-tree", "DLH", 1 + i % 3, at,
                                "Jl. Uji " + i, "Pohon tumbang", new Reporter("Warga", "0812000000")),
                        "madiun", id, new Actor(ActorRole.OPERATOR, "op-1"), "corr-" + id, Instant.now()))));
            }
            producer.flush();

            Await.until("a first decision about every complaint", Duration.ofSeconds(60), () -> {
                log.poll();
                return log.firstDecisions().size() == COMPLAINTS;
            });

            Set<String> resolved = new HashSet<>();
            Await.until("every complaint dispatched and resolved", Duration.ofSeconds(90), () -> {
                log.poll();
                for (Event<DispatchEvent> e : log.events) {
                    if (e.data() instanceof ComplaintDispatched d && resolved.add(e.subjectId())) {
                        producer.send(new ProducerRecord<>(Topics.FIELD.name(), e.subjectId(), EventCodec.encode(e.followedBy(
                                new JobResolved(d.crewId(), "selesai", null, Instant.now()), new Actor(ActorRole.CREW, d.crewId()),
                                Instant.now()))));
                    }
                }
                producer.flush();
                return resolved.size() == COMPLAINTS;
            });
            List<Event<DispatchEvent>> decisions = log.events;

            Map<String, Long> dispatches = new HashMap<>();
            decisions.stream().filter(e -> e.data() instanceof ComplaintDispatched)
                    .forEach(e -> dispatches.merge(e.subjectId(), 1L, Long::sum));
            assertThat(dispatches.keySet()).as("none lost").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(dispatches.values()).as("none dispatched twice").containsOnly(1L);
            long queued = decisions.stream().filter(e -> e.data() instanceof ComplaintQueued).count();
            assertThat(queued).as("more complaints than crew slots").isGreaterThanOrEqualTo(COMPLAINTS - CREWS.size() * LIMIT);
            assertThat(decisions).as("only dispatches and queueing").allMatch(e -> e.data() instanceof ComplaintDispatched
                    || e.data() instanceof ComplaintQueued);

            assertThat(maxLoadEver(decisions, TopicReader.readAll(kafka.bootstrapServers(), Topics.FIELD.name(), COMPLAINTS,
                    Duration.ofSeconds(30)))).containsOnlyKeys(CREWS).allSatisfy((crew, max) -> assertThat(max).as(crew).isLessThanOrEqualTo(LIMIT));
            assertThat(TopicReader.readAll(kafka.bootstrapServers(), Topics.DEAD_LETTER, 0, Duration.ofSeconds(1))).isEmpty();

            // one department's board lives on one instance, so one of the two answers through the other
            for (String id : List.of(ids.get(0), ids.get(COMPLAINTS - 1))) {
                Await.until("both instances explaining " + id + " as resolved", Duration.ofSeconds(30),
                        () -> ports.stream().allMatch(port -> explained(port, id).equals(id + " resolved")));
            }
        }
    }

    /** What {@code GET /api/dispatch/{id}/explain} on the instance at {@code port} says: "id status", or the HTTP status. */
    private static String explained(int port, String id) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(users.as(DemoUsers.OPERATOR, HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/dispatch/" + id + "/explain")))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return "HTTP " + answer.statusCode();
            }
            JsonNode explanation = Json.MAPPER.readTree(answer.body());
            return explanation.path("complaintId").asText() + " " + explanation.path("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replays the decisions and resolutions in time order (a resolution before a dispatch in the same millisecond:
     * the board stamps a dispatch no earlier than it read the resolution that freed the slot) and returns each
     * crew's highest number of open jobs at any point.
     */
    private static Map<String, Integer> maxLoadEver(List<Event<DispatchEvent>> decisions, List<ConsumerRecord<String, byte[]>> field) {
        record Step(Instant at, int order, String crew, int delta) {
        }
        List<Step> steps = new ArrayList<>();
        for (Event<DispatchEvent> e : decisions) {
            if (e.data() instanceof ComplaintDispatched d) {
                steps.add(new Step(e.occurredAt(), 1, d.crewId(), 1));
            }
        }
        for (ConsumerRecord<String, byte[]> r : field) {
            try {
                Event<?> e = Topics.FIELD.decode(r.value());
                if (e.data() instanceof JobResolved resolved) {
                    steps.add(new Step(resolved.receivedAt(), 0, resolved.crewId(), -1));
                }
            } catch (InvalidEventException ex) {
                throw new AssertionError(ex);
            }
        }
        steps.sort(Comparator.comparing(Step::at).thenComparingInt(Step::order));
        Map<String, Integer> load = new HashMap<>();
        Map<String, Integer> max = new HashMap<>();
        for (Step s : steps) {
            int now = load.merge(s.crew, s.delta, Integer::sum);
            max.merge(s.crew, now, Math::max);
        }
        return max;
    }

    /** Every record on {@code dispatch}, committed ones only, in each partition's order. */
    static final class DispatchLog implements AutoCloseable {
        final List<Event<DispatchEvent>> events = new ArrayList<>();
        private final KafkaConsumer<String, byte[]> consumer;

        DispatchLog(String bootstrap) {
            consumer = new KafkaConsumer<>(KafkaSettings.consumer(SiagaConfig.of(Map.of(SiagaConfig.BOOTSTRAP_SERVERS, bootstrap)),
                    "consistency-" + UUID.randomUUID()));
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DISPATCH.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll() {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    events.add(Topics.DISPATCH.decode(r.value()));
                } catch (InvalidEventException e) {
                    throw new AssertionError(e);
                }
            }
        }

        Set<String> firstDecisions() {
            Set<String> seen = new HashSet<>();
            events.forEach(e -> seen.add(e.subjectId()));
            return seen;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
