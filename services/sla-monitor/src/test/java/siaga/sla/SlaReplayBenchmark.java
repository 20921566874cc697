package siaga.sla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.TestKafka;

/**
 * How fast the SLA monitor replays history, and how much local state it keeps: not a test (it is not run by
 * {@code verify}), a program. Run it with (the exec plugin is not in the offline repository, so the test
 * classpath is written out and given to {@code java}; about 2.5 min for the default on 2 cores)
 * <pre>
 * cd /work/main &amp;&amp; mvn -q -B -o -pl services/sla-monitor test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test \
 *   &amp;&amp; java -cp services/sla-monitor/target/test-classes:services/sla-monitor/target/classes:$(cat services/sla-monitor/target/test.classpath) \
 *     siaga.sla.SlaReplayBenchmark [250000]
 * </pre>
 * Argument: complaints (default 250000, i.e. 1,000,000 events).
 *
 * <ol>
 *   <li>Input: against an embedded broker, one complaint reported every second of the past (ending 6 h ago),
 *       each dispatched 1 to 8 min later, acknowledged 2 to 21 min after that and resolved 30 min to 5 h
 *       after that, across the five demo categories, so some stages are late; written in time order with the
 *       event time as record time, as the services write them.</li>
 *   <li>Replay: the real topology ({@link SlaMonitorService}, exactly-once, demo reference data, system clock)
 *       as a new application, so from the earliest offset; timed from its start, and from its first committed
 *       output, until every stage of every complaint has its completion fact (StageMet or StageCorrected) on
 *       {@code sla}. It counts every fact type on the way. The wall clock is past every due moment, but a task
 *       catching up breaches by its stream time (see {@link SlaTimelineProcessor}), so only stages really
 *       completed late are breached. A correction means a task went by the wall clock in the middle of the
 *       backlog: it waited longer than {@code SIAGA_SLA_CATCH_UP_IDLE} for its next records while its alarms
 *       ran, which a loaded machine does at the start of a replay.</li>
 *   <li>State: after a clean stop, the bytes under the application's state directory, in total, per store and
 *       per 100,000 complaints.</li>
 * </ol>
 */
public final class SlaReplayBenchmark {
    private static final String[][] KINDS = {
            {"fallen-tree", "DLH", "2"}, {"fallen-tree", "DLH", "2"}, {"fallen-tree", "DLH", "2"}, {"fire", "DAMKAR", "1"},
            {"flood", "BPBD", "1"}, {"flood", "BPBD", "1"}, {"pothole", "PUPR", "4"}, {"pothole", "PUPR", "4"},
            {"street-light-out", "DISHUB", "3"}, {"street-light-out", "DISHUB", "3"}};

    private static final AtomicReference<Exception> REFUSED = new AtomicReference<>();

    private SlaReplayBenchmark() {
    }

    /** An event waiting in the time-ordered merge: step 1 dispatch, 2 acknowledge, 3 resolve of complaint {@code index}. */
    private record Pending(Instant at, int index, int step) {
    }

    public static void main(String[] args) throws Exception {
        int complaints = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        try (TestKafka kafka = TestKafka.start()) {
            long events = produce(kafka, complaints);
            replay(kafka, complaints, events);
        }
        System.exit(0);
    }

    private static long produce(TestKafka kafka, int complaints) {
        Properties props = KafkaSettings.producer(kafka.config(), "sla-replay-benchmark");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // the last resolution is at most 5 h 29 min after its report, and the broker refuses record times in the future
        Instant first = Instant.now().minus(Duration.ofHours(6)).minusSeconds(complaints).truncatedTo(ChronoUnit.SECONDS);
        PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
        Map<Integer, Event<ComplaintReported>> open = new HashMap<>();
        long events = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < complaints; i++) {
                Instant reportedAt = first.plusSeconds(i);
                while (!queue.isEmpty() && queue.peek().at().isBefore(reportedAt)) {
                    send(producer, queue.poll(), open);
                    events++;
                }
                String[] kind = KINDS[i % KINDS.length];
                Event<ComplaintReported> report = Complaints.reported(String.format("C-%07d", i), kind[0], kind[1],
                        Integer.parseInt(kind[2]), reportedAt);
                write(producer, Topics.COMPLAINTS.name(), reportedAt, report.subjectId(), Topics.COMPLAINTS.encode(report));
                events++;
                open.put(i, report);
                Instant dispatched = reportedAt.plusSeconds(60 + (i * 7L) % 420);
                Instant acknowledged = dispatched.plusSeconds(120 + (i * 13L) % 1140);
                Instant resolved = acknowledged.plusSeconds(1800 + (i * 31L) % 16200);
                queue.add(new Pending(dispatched, i, 1));
                queue.add(new Pending(acknowledged, i, 2));
                queue.add(new Pending(resolved, i, 3));
            }
            while (!queue.isEmpty()) {
                send(producer, queue.poll(), open);
                events++;
            }
        }
        if (REFUSED.get() != null) {
            throw new IllegalStateException("the broker refused part of the input", REFUSED.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("INPUT: %d complaints, %d events written in %.1f s (%.0f events/s)%n", complaints, events, seconds, events / seconds);
        return events;
    }

    private static void send(KafkaProducer<String, byte[]> producer, Pending pending, Map<Integer, Event<ComplaintReported>> open) {
        Event<ComplaintReported> report = open.get(pending.index());
        Instant at = pending.at();
        String key = report.subjectId();
        switch (pending.step()) {
            case 1 -> write(producer, Topics.DISPATCH.name(), at, key, Topics.DISPATCH.encode(Complaints.dispatched(report, at)));
            case 2 -> write(producer, Topics.FIELD.name(), at, key, Topics.FIELD.encode(Complaints.acknowledged(report, at)));
            default -> {
                write(producer, Topics.FIELD.name(), at, key, Topics.FIELD.encode(Complaints.resolved(report, at)));
                open.remove(pending.index());
            }
        }
    }

    /** Sends with the event time as record time; the first refused record is kept, to stop the run after the flush. */
    private static void write(KafkaProducer<String, byte[]> producer, String topic, Instant at, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value), (metadata, e) -> {
            if (e != null) {
                REFUSED.compareAndSet(null, e);
            }
        });
    }

    private static void replay(TestKafka kafka, int complaints, long events) throws Exception {
        SiagaConfig config = kafka.config();
        long completionsExpected = 3L * complaints;
        Map<String, AtomicLong> byType = new ConcurrentSkipListMap<>();
        AtomicLong completions = new AtomicLong();
        AtomicLong firstOutputNanos = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread counter = new Thread(() -> count(config, byType, completions, firstOutputNanos, stop), "sla-counter");
        counter.start();

        SlaMonitorService monitor = new SlaMonitorService(config, ReferenceCatalog.demo(), Clock.systemUTC());
        long started = System.nanoTime();
        monitor.start();
        long lastReport = started;
        while (completions.get() < completionsExpected) {
            Thread.sleep(200);
            if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                lastReport = System.nanoTime();
                System.out.printf("  %.0f s: %d of %d completions, %s%n", (lastReport - started) / 1e9, completions.get(),
                        completionsExpected, byType);
            }
            if (!monitor.health().ready() && System.nanoTime() - started > Duration.ofMinutes(2).toNanos()) {
                throw new IllegalStateException("the monitor is not running: " + monitor.health().detail());
            }
        }
        long done = System.nanoTime();
        stop.set(true);
        counter.join();
        double total = (done - started) / 1e9;
        double fromFirstOutput = (done - firstOutputNanos.get()) / 1e9;
        System.out.printf("REPLAY: %d events in %.1f s from start = %.0f events/s (%.1f s / %.0f events/s from the first committed "
                + "output); sla facts by type %s%n", events, total, events / total, fromFirstOutput, events / fromFirstOutput, byType);

        monitor.stop();
        Path appState = config.stateDir().resolve(config.appIdPrefix() + "-" + SlaTopology.SERVICE);
        Map<String, Long> byStore = new TreeMap<>();
        long totalBytes;
        try (Stream<Path> files = Files.walk(appState)) {
            totalBytes = 0;
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                long size = Files.size(file);
                totalBytes += size;
                byStore.merge(storeOf(appState, file), size, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("STATE: %.1f MiB under %s for %d complaints = %.1f MiB per 100,000 complaints; by store (MiB): %s%n",
                totalBytes / 1048576.0, appState, complaints, totalBytes / 1048576.0 * 100_000 / complaints, mebibytes(byStore));
    }

    /** {@code <task>/rocksdb/<store>/...} names its store; anything else (checkpoints, locks) is "other". */
    private static String storeOf(Path appState, Path file) {
        Path relative = appState.relativize(file);
        return relative.getNameCount() > 3 && relative.getName(1).toString().equals("rocksdb") ? relative.getName(2).toString() : "other";
    }

    private static Map<String, String> mebibytes(Map<String, Long> bytes) {
        Map<String, String> shown = new TreeMap<>();
        bytes.forEach((store, size) -> shown.put(store, String.format("%.1f", size / 1048576.0)));
        return shown;
    }

    /** Counts the committed facts on {@code sla} by type until told to stop; the type is the envelope's second field. */
    private static void count(SiagaConfig config, Map<String, AtomicLong> byType, AtomicLong completions, AtomicLong firstOutputNanos,
                              AtomicBoolean stop) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SLA.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    firstOutputNanos.compareAndSet(0, System.nanoTime());
                    String type = typeOf(record.value());
                    byType.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
                    if (type.equals("stage.met") || type.equals("stage.corrected")) {
                        completions.incrementAndGet();
                    }
                }
            }
        }
    }

    private static String typeOf(byte[] value) {
        String head = new String(value, 0, Math.min(value.length, 160), StandardCharsets.UTF_8);
        int at = head.indexOf("\"type\":\"");
        if (at < 0) {
            throw new IllegalStateException("an sla record without a type near its start: " + head);
        }
        int from = at + "\"type\":\"".length();
        return head.substring(from, head.indexOf('"', from));
    }
}
