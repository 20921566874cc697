package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.sla.summary.DimensionSummary;
import siaga.sla.summary.SlaRoutes;
import siaga.sla.summary.SlaSummary;
import siaga.sla.summary.SlaWindow;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.Dimension;
import siaga.testing.Await;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;
import siaga.testing.DemoUsers;

/**
 * Exactly-once across a crash: the SLA monitor runs in a child JVM ({@link SlaMonitorMain}, configured only
 * through its environment) while 300 complaints' reports, dispatches, acknowledgements, arrivals and resolutions are
 * written; it is killed ({@code SIGKILL}, no shutdown hook) once part of its output is committed, and restarted
 * on the same state directory while the rest is still being written. What it published and what it serves must
 * be exactly what an uninterrupted run computes.
 *
 * <p>The uninterrupted run is the same topology in a {@link TopologyTestDriver} fed the same records: one
 * broker per class, and no timing of its own, so it is the reference rather than a second thing that could go
 * wrong the same way. The input is chosen so that the wall clock cannot change the facts: complaints measured
 * within target were reported a minute ago with their stages done since, so no stage comes near its at-risk
 * moment while the test runs; complaints measured late were reported 20 h ago with every stage done after its
 * due moment, so a stage breached live by the monitor's clock gets the same StageBreached (same derived id,
 * same payload) as one breached when its late completion is read.
 */
class SlaExactlyOnceIT {
    private static final int COMPLAINTS = 300;
    private static final int WAVE = 10;
    /** Report, dispatch, acknowledgement, arrival on scene, resolution. */
    private static final int STEPS = 5;
    private static final int KILL_AFTER_FACTS = 200;
    private static final Duration WAVE_PAUSE = Duration.ofMillis(200);
    private static final ReferenceCatalog REFERENCE = ReferenceCatalog.demo();
    private static final Map<Integer, DemoUsers> USERS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestKafka kafka;
    private final List<Monitor> monitors = new ArrayList<>();

    /** One record as written to an input topic. */
    private record Input(String topic, String key, byte[] value) {
    }

    /** A monitor in its own JVM, answering HTTP on {@code port}, logging to {@code log}. */
    private record Monitor(Process process, int port, Path log) {
        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log at " + log + ": " + e.getMessage() + ")";
            }
        }
    }

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start();
    }

    @AfterEach
    void stopMonitors() {
        monitors.forEach(m -> m.process().destroyForcibly());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aMonitorKilledMidStreamAndRestartedOnItsStatePublishesEveryFactOnceAndAggregatesAsIfNeverStopped() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<List<Input>> waves = waves(now);
        Path work = Files.createTempDirectory("sla-exactly-once-");
        Path stateDir = Files.createDirectories(work.resolve("state"));
        String appIdPrefix = "eos-" + Long.toHexString(System.nanoTime());

        try (TopologyTestDriver uninterrupted = uninterrupted(waves, work.resolve("reference-state"), now)) {
            Map<UUID, SlaEvent> expectedFacts = facts(uninterrupted);
            assertThat(expectedFacts).as("6 stages met for each complaint (dispatch, forward, acknowledge, arrive, follow-up, "
                    + "resolve), plus 4 field breaches for each late one").hasSize(2200);

            Monitor first = startMonitor(work, stateDir, appIdPrefix, "first");
            AtomicInteger wavesWritten = new AtomicInteger();
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            CountDownLatch killed = new CountDownLatch(1);
            Thread writer = new Thread(() -> write(waves, wavesWritten, writeFailure, killed), "eos-writer");
            writer.setDaemon(true);
            writer.start();

            awaitCommittedFacts(KILL_AFTER_FACTS, first);
            first.process().destroyForcibly().waitFor();
            int wavesAtKill = wavesWritten.get();
            killed.countDown();
            assertThat(wavesAtKill).as("the monitor was killed while the input was still being written")
                    .isLessThan(waves.size());

            Monitor second = startMonitor(work, stateDir, appIdPrefix, "second");
            writer.join(Duration.ofSeconds(60).toMillis());
            assertThat(writeFailure.get()).isNull();
            assertThat(wavesWritten.get()).isEqualTo(waves.size());

            List<Event<SlaEvent>> published = TopicReader.readAll(kafka.bootstrapServers(), Topics.SLA.name(), expectedFacts.size(),
                    Duration.ofSeconds(90)).stream().map(r -> decode(r.value())).toList();
            assertThat(published).extracting(Event::eventId).as("no fact published twice").doesNotHaveDuplicates();
            Map<String, Long> completions = published.stream()
                    .filter(e -> e.data() instanceof StageMet || e.data() instanceof StageCorrected)
                    .collect(Collectors.groupingBy(e -> e.subjectId() + "|" + e.data().stage().wireName(), Collectors.counting()));
            assertThat(completions).as("one completion per complaint and stage").hasSize(COMPLAINTS * 6)
                    .allSatisfy((stage, count) -> assertThat(count).as(stage).isEqualTo(1));
            assertThat(published.stream().collect(Collectors.toMap(Event::eventId, Event::data)))
                    .as("the very facts of the uninterrupted run").isEqualTo(expectedFacts);

            JsonNode summary = awaitAggregates(second, "/api/sla/summary?window=24h", to -> expectedSummary(uninterrupted, to));
            JsonNode categories = awaitAggregates(second, "/api/sla/dimensions/category?window=30d",
                    to -> expectedCategories(uninterrupted, to));
            assertThat(summary).isEqualTo(expectedSummary(uninterrupted, Instant.parse(summary.get("to").asText())));
            assertThat(categories).isEqualTo(expectedCategories(uninterrupted, Instant.parse(categories.get("to").asText())));
            assertThat(summary.get("categories")).as("the input measured five categories").hasSize(5);
        }
    }

    /**
     * 300 complaints in waves of 10: a wave is its reports, then its dispatches, acknowledgements, arrivals on
     * scene and resolutions, each step flushed before the next, so a complaint's events are in the log in their
     * order. Two in three are measured within target (fallen tree, pothole, street light; reported 70 s before
     * {@code now}, done within 70 s); one in three misses every field target (fire, flood, fallen tree; reported
     * 20 h before, each field stage done at 1.5 to 2 times its target), the administrative ones being days long.
     */
    private static List<List<Input>> waves(Instant now) {
        List<List<Input>> waves = new ArrayList<>();
        List<Input[]> wave = new ArrayList<>();
        for (int i = 0; i < COMPLAINTS; i++) {
            String id = String.format("C-EOS-%03d", i);
            Event<ComplaintReported> report;
            Instant dispatch;
            Instant acknowledge;
            Instant arrive;
            Instant resolve;
            if (i % 3 == 2) {
                String[][] late = {{"fire", "DAMKAR", "1"}, {"flood", "BPBD", "1"}, {"fallen-tree", "DLH", "2"}};
                String[] kind = late[(i / 3) % late.length];
                Instant reportedAt = now.minus(Duration.ofHours(20)).plusSeconds(i);
                report = Complaints.reported(id, kind[0], kind[1], Integer.parseInt(kind[2]), reportedAt);
                ReferenceData.SlaTargets targets = REFERENCE.primary().findCategory(kind[0]).orElseThrow()
                        .targetsFor(Integer.parseInt(kind[2]));
                dispatch = reportedAt.plus(targets.dispatch().multipliedBy(2));
                acknowledge = reportedAt.plus(targets.acknowledge().multipliedBy(2));
                arrive = reportedAt.plus(targets.arrive().multipliedBy(2));
                resolve = reportedAt.plus(targets.resolve().multipliedBy(3).dividedBy(2));
            } else {
                String[][] onTime = {{"fallen-tree", "DLH", "2"}, {"pothole", "PUPR", "4"}, {"street-light-out", "DISHUB", "3"}};
                String[] kind = onTime[(i / 3) % onTime.length];
                Instant reportedAt = now.minusSeconds(70);
                report = Complaints.reported(id, kind[0], kind[1], Integer.parseInt(kind[2]), reportedAt);
                dispatch = reportedAt.plusSeconds(5 + i % 30);
                acknowledge = reportedAt.plusSeconds(40 + i % 20);
                arrive = acknowledge.plusMillis(500);
                resolve = reportedAt.plusSeconds(60 + i % 10);
            }
            wave.add(new Input[] {
                    new Input(Topics.COMPLAINTS.name(), id, Topics.COMPLAINTS.encode(report)),
                    new Input(Topics.DISPATCH.name(), id, Topics.DISPATCH.encode(Complaints.dispatched(report, dispatch))),
                    new Input(Topics.FIELD.name(), id, Topics.FIELD.encode(Complaints.acknowledged(report, acknowledge))),
                    new Input(Topics.FIELD.name(), id, Topics.FIELD.encode(Complaints.onScene(report, arrive))),
                    new Input(Topics.FIELD.name(), id, Topics.FIELD.encode(Complaints.resolved(report, resolve)))});
            if (wave.size() == WAVE) {
                List<Input> ordered = new ArrayList<>();
                for (int step = 0; step < STEPS; step++) {
                    for (Input[] complaint : wave) {
                        ordered.add(complaint[step]);
                    }
                }
                waves.add(ordered);
                wave.clear();
            }
        }
        return waves;
    }

    /** The same records through the same topology, uninterrupted and without wall-clock alarms. */
    private static TopologyTestDriver uninterrupted(List<List<Input>> waves, Path stateDir, Instant now) {
        SiagaConfig config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        SlaMonitorConfig settings = SlaMonitorConfig.from(config);
        TopologyTestDriver driver = new TopologyTestDriver(SlaTopology.build(REFERENCE, Clock.fixed(now, ZoneOffset.UTC),
                settings.catchUp()), settings.streams(), now);
        Map<String, TestInputTopic<String, byte[]>> topics = new HashMap<>();
        for (List<Input> wave : waves) {
            for (Input input : wave) {
                topics.computeIfAbsent(input.topic(), t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(input.key(), input.value());
            }
        }
        return driver;
    }

    private static Map<UUID, SlaEvent> facts(TopologyTestDriver driver) {
        var sla = driver.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer());
        Map<UUID, SlaEvent> facts = new HashMap<>();
        for (var record : sla.readValuesToList()) {
            Event<SlaEvent> event = decode(record);
            assertThat(facts.put(event.eventId(), event.data())).as("the reference run published %s once", event.eventId()).isNull();
        }
        return facts;
    }

    /**
     * Writes the waves with the moment of sending as record time, pausing between waves so the stream lasts a
     * few seconds; Streams takes the earliest record across a task's partitions, so it reads a complaint's
     * events in the order they were written.
     */
    /**
     * Writes the waves, holding the second half back until {@code killed} opens, so that however slowly the first
     * monitor starts on a loaded machine, it dies with input still to come.
     */
    private static void write(List<List<Input>> waves, AtomicInteger written, AtomicReference<Throwable> failure,
                              CountDownLatch killed) {
        SiagaConfig config = SiagaConfig.of(Map.of(SiagaConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "sla-eos-writer"))) {
            for (List<Input> wave : waves) {
                if (written.get() == waves.size() / 2 && !killed.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the first monitor was not killed within 5 minutes");
                }
                for (int step = 0; step < STEPS; step++) {
                    for (Input input : wave.subList(step * WAVE, (step + 1) * WAVE)) {
                        producer.send(new ProducerRecord<>(input.topic(), input.key(), input.value()));
                    }
                    producer.flush();
                }
                written.incrementAndGet();
                Thread.sleep(WAVE_PAUSE.toMillis());
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private Monitor startMonitor(Path work, Path stateDir, String appIdPrefix, String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), SlaMonitorMain.class.getName())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("SIAGA_"));
        env.put(SiagaConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(SiagaConfig.STATE_DIR, stateDir.toString());
        env.put(SiagaConfig.APP_ID_PREFIX, appIdPrefix);
        env.put(SiagaConfig.HTTP_PORT, String.valueOf(port));
        env.put(SlaMonitorConfig.SESSION_TIMEOUT, "PT6S");
        Monitor monitor = new Monitor(builder.start(), port, log);
        monitors.add(monitor);
        Await.until("the " + name + " monitor to be ready", Duration.ofSeconds(90), () -> {
            if (!monitor.process().isAlive()) {
                throw new AssertionError("the " + name + " monitor exited with " + monitor.process().exitValue() + ":\n" + monitor.tail());
            }
            return get(monitor, "/ready").statusCode() == 200;
        });
        return monitor;
    }

    private static void awaitCommittedFacts(int atLeast, Monitor monitor) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SLA.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int[] seen = {0};
            Await.until(atLeast + " committed SLA facts", Duration.ofSeconds(60), () -> {
                if (!monitor.process().isAlive()) {
                    throw new AssertionError("the monitor exited early:\n" + monitor.tail());
                }
                for (ConsumerRecord<String, byte[]> ignored : consumer.poll(Duration.ofMillis(50))) {
                    seen[0]++;
                }
                return seen[0] >= atLeast;
            });
        }
    }

    /**
     * Polls {@code path} until it equals what the uninterrupted run gives for the same {@code to}, or 90 s have
     * passed; returns the last answer either way, for the caller to compare.
     */
    private static JsonNode awaitAggregates(Monitor monitor, String path, Function<Instant, JsonNode> expected) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            Await.until(path + " to equal the uninterrupted run's", Duration.ofSeconds(90), () -> {
                HttpResponse<String> response = get(monitor, path);
                if (response.statusCode() != 200) {
                    return false;
                }
                JsonNode body = json(response.body());
                last.set(body);
                return body.equals(expected.apply(Instant.parse(body.get("to").asText())));
            });
        } catch (AssertionError timedOut) {
            assertThat(last.get()).as("%s answered 200 at least once; monitor log:%n%s", path, monitor.tail()).isNotNull();
        }
        return last.get();
    }

    private static JsonNode expectedSummary(TopologyTestDriver driver, Instant to) {
        KeyValueStore<String, StageHistogram> buckets = driver.getKeyValueStore(SlaTopology.BUCKET_STORE);
        try (var minutes = buckets.prefixScan(Dimension.CATEGORY.wireName() + "|", new StringSerializer())) {
            return asJson(SlaSummary.over("24h", to.minus(Duration.ofHours(24)), to, minutes));
        }
    }

    private static JsonNode expectedCategories(TopologyTestDriver driver, Instant to) {
        KeyValueStore<String, StageHistogram> buckets = driver.getKeyValueStore(SlaTopology.BUCKET_STORE);
        KeyValueStore<String, Long> open = driver.getKeyValueStore(SlaTopology.OPEN_BY_DIMENSION_STORE);
        String prefix = Dimension.CATEGORY.wireName() + "|";
        try (var b = buckets.prefixScan(prefix, new StringSerializer()); var o = open.prefixScan(prefix, new StringSerializer())) {
            List<DimensionSummary> values = DimensionSummary.over(b, o, EnumSet.of(SlaWindow.MONTH), to,
                    j -> SlaTopology.zoneOf(REFERENCE, j)).stream().filter(s -> !s.isEmpty()).toList();
            return asJson(new SlaRoutes.DimensionsResponse("category", "30d", to, values));
        }
    }

    /** Through text, as the HTTP answer is, so that numbers compare by value rather than by Java type. */
    private static JsonNode asJson(Object value) {
        try {
            return Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As the demo manager; each monitor JVM signs its own sessions (no shared secret is configured), so one per port. */
    private static HttpResponse<String> get(Monitor monitor, String path) {
        try {
            URI base = URI.create("http://localhost:" + monitor.port());
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
            if (!path.equals("/ready")) {
                USERS.computeIfAbsent(monitor.port(), port -> new DemoUsers(base)).as(DemoUsers.MANAGER, request);
            }
            return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Event<SlaEvent> decode(byte[] value) {
        try {
            return Topics.SLA.decode(value);
        } catch (InvalidEventException e) {
            throw new AssertionError("the monitor wrote an invalid event: " + e.getMessage(), e);
        }
    }
}
