package siaga.dispatcher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.ReferenceFixtures;
import siaga.testing.TestKafka;

/**
 * Not a test (never run by {@code verify}): how fast the dispatcher decides, through the real embedded broker.
 * 500 crews (100 in each of the demo's five departments) start their shifts; complaints spread over the city
 * then arrive at a steady rate (default 1,000 per second for 20 s) after a warm-up, and every dispatched
 * job is resolved at once (so crews keep free slots). Prints p50/p90/p99/max of the time from sending a
 * ComplaintReported to reading its ComplaintDispatched (committed, exactly-once), then offers complaints as fast as
 * one producer can and prints the decisions per second sustained. The steady phase also prints the CPU time the
 * dispatcher's stream threads spent per complaint (from its report to its resolution), which a busy machine
 * distorts far less than the rates and latencies.
 *
 * <pre>
 *   cd /work/main/services/dispatcher
 *   mvn -q -B -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 *   java -cp target/classes:target/test-classes:$(cat target/bench.cp) siaga.dispatcher.DispatchBenchmark [perSecond] [seconds]
 * </pre>
 *
 * Duplicates are switched off (every category's rule: radius 0, window 0): random points over a small city would
 * otherwise merge.
 */
public final class DispatchBenchmark {
    static final int CREWS_PER_DEPARTMENT = 100;
    static final int WARM_UP_SECONDS = 5;
    static final int SATURATION_COMPLAINTS = 20_000;
    static final Duration SATURATION_LIMIT = Duration.ofMinutes(2);

    private final int rate;
    private final int measureSeconds;

    private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean measuring;
    private volatile long decided;
    private int tickets;

    private DispatchBenchmark(int rate, int measureSeconds) {
        this.rate = rate;
        this.measureSeconds = measureSeconds;
    }

    /** Arguments: complaints per second (default 1000) and seconds measured at that rate (default 20). */
    public static void main(String[] args) {
        int status = 1;
        try {
            new DispatchBenchmark(args.length > 0 ? Integer.parseInt(args[0]) : 1_000,
                    args.length > 1 ? Integer.parseInt(args[1]) : 20).run();
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            // the broker's and clients' threads must not keep a failed run alive
            System.exit(status);
        }
    }

    private void run() throws Exception {
        ReferenceData demo = ReferenceData.demo();
        List<ReferenceData.Crew> crews = new ArrayList<>();
        Random random = new Random(7);
        for (ReferenceData.Category category : demo.categories()) {
            for (int i = 1; i <= CREWS_PER_DEPARTMENT; i++) {
                crews.add(new ReferenceData.Crew(category.department().toLowerCase(Locale.ROOT) + "-b" + i, "Bench " + i,
                        category.department(), List.of(category.skill()), somewhere(random)));
            }
        }
        ReferenceData city = ReferenceFixtures.withDuplicateEverywhere(
                new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), demo.categories(), crews),
                new ReferenceData.DuplicateRule(0, Duration.ZERO));
        try (TestKafka kafka = TestKafka.start()) {
            SiagaConfig config = kafka.config().with(DispatcherConfig.STREAM_THREADS, "2");
            DispatcherService service = new DispatcherService(config, new ReferenceCatalog(List.of(city)), Clock.systemUTC());
            service.start();
            Await.until("dispatcher ready", Duration.ofSeconds(90), () -> service.health().ready());
            AtomicBoolean running = new AtomicBoolean(true);
            try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(config, "bench"))) {
                for (ReferenceData.Crew crew : crews) {
                    producer.send(new ProducerRecord<>(Topics.CREWS.name(), crew.id(), EventCodec.encode(Event.of(
                            new ShiftStarted(crew.id(), crew.department(), crew.depot()), "madiun", crew.id(),
                            new Actor(ActorRole.CREW, crew.id()), "shift-" + crew.id(), Instant.now()))));
                }
                producer.flush();
                Thread reader = new Thread(() -> readAndResolve(config, running), "bench-reader");
                reader.start();

                offer(producer, demo, random, rate * WARM_UP_SECONDS, rate);
                awaitDispatches(rate * WARM_UP_SECONDS);
                measuring = true;
                long measuredFrom = decided;
                long cpuFrom = streamThreadsCpuNanos();
                offer(producer, demo, random, rate * measureSeconds, rate);
                long lastOffered = System.nanoTime();
                awaitDispatches(measuredFrom + (long) rate * measureSeconds);
                measuring = false;
                report(String.format(Locale.ROOT, "at %d/s for %d s (%d of %d offered dispatched %.1f s after the last; %s)", rate,
                        measureSeconds, decided - measuredFrom, rate * measureSeconds, (System.nanoTime() - lastOffered) / 1e9,
                        cpuPerDispatch(streamThreadsCpuNanos() - cpuFrom, decided - measuredFrom)));

                long before = decided;
                long start = System.nanoTime();
                offer(producer, demo, random, SATURATION_COMPLAINTS, Integer.MAX_VALUE);
                long offeredNanos = System.nanoTime() - start;
                long deadline = start + SATURATION_LIMIT.toNanos();
                while (decided - before < SATURATION_COMPLAINTS && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long done = decided - before;
                System.out.printf(Locale.ROOT, "saturation: %d complaints offered in %.1f s; %d dispatched after %.1f s: %.0f dispatches/s sustained%n",
                        SATURATION_COMPLAINTS, offeredNanos / 1e9, done, seconds, done / seconds);
                running.set(false);
                reader.join();
            } finally {
                service.stop();
            }
        }
    }

    private void offer(KafkaProducer<String, byte[]> producer, ReferenceData demo, Random random, int count, int perSecond) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (perSecond != Integer.MAX_VALUE) {
                long due = start + (long) i * 1_000_000_000L / perSecond;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            ReferenceData.Category category = demo.categories().get(random.nextInt(demo.categories().size()));
            String id = UUID.randomUUID().toString();
            byte[] value = EventCodec.encode(Event.of(new ComplaintReported(String.format(Locale.ROOT, "MDN-2026-%07d", ++tickets), category.code(),
                            category.department(), category.priority(), somewhere(random), "Jl. Uji", "Uji beban",
                            new Reporter("Warga", "0812000000")), "madiun", id, new Actor(ActorRole.OPERATOR, "bench"),
                    "corr-" + id, Instant.now()));
            sentNanos.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), id, value));
        }
        producer.flush();
    }

    private void readAndResolve(SiagaConfig config, AtomicBoolean running) {
        try (var consumer = new KafkaConsumer<String, byte[]>(KafkaSettings.consumer(config, "bench-" + UUID.randomUUID()));
             var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(config, "bench-crews"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DISPATCH.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Event<DispatchEvent> event = Topics.DISPATCH.decode(record.value());
                    if (event.data() instanceof ComplaintDispatched d) {
                        Long sent = sentNanos.remove(record.key());
                        if (sent != null && measuring) {
                            latenciesMicros.add((now - sent) / 1_000);
                        }
                        decided++;
                        producer.send(new ProducerRecord<>(Topics.FIELD.name(), record.key(), EventCodec.encode(event.followedBy(
                                new JobResolved(d.crewId(), "selesai", null, Instant.now()), new Actor(ActorRole.CREW, d.crewId()),
                                Instant.now()))));
                    }
                }
            }
        } catch (InvalidEventException e) {
            throw new IllegalStateException(e);
        }
    }

    private void report(String phase) {
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(phase + ": no dispatch measured");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %d dispatches, ComplaintReported -> ComplaintDispatched p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                phase, sorted.size(), at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    /** Waits until {@code count} complaints in all are dispatched, or a minute has passed. */
    private void awaitDispatches(long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (decided < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * CPU time of the dispatcher's Streams threads (and their producers' I/O threads) so far: unlike the rates, a
     * figure that other processes on a busy machine do not skew much.
     */
    private static long streamThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static String cpuPerDispatch(long cpuNanos, long dispatches) {
        return String.format(Locale.ROOT, "dispatcher's stream threads %.2f ms CPU per complaint",
                dispatches == 0 ? Double.NaN : cpuNanos / 1e6 / dispatches);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1000.0;
    }

    private static GeoPoint somewhere(Random random) {
        return new GeoPoint(-7.675 + random.nextDouble() * 0.09, 111.485 + random.nextDouble() * 0.07);
    }
}
