package siaga.fieldcrew;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestKafka;

/**
 * Field-crew under load, through HTTP, against a real embedded broker: not a test (it is not run by
 * {@code verify}), a program. Run it with
 * <pre>
 * cd /work/main &amp;&amp; mvn -q -B -o -pl services/field-crew test-compile exec:java \
 *     -Dexec.mainClass=siaga.fieldcrew.FieldCrewBenchmark -Dexec.classpathScope=test [-Dexec.args="2000 15"]
 * </pre>
 * Arguments: jobs to work (default 2000) and seconds of location reports (default 15).
 *
 * <ol>
 *   <li>Transitions: that many jobs are dispatched (spread over the 14 demo crews) and worked by 64 concurrent
 *       connections, each job acknowledged, en route, on scene and resolved; it prints the p50/p99/max latency
 *       of these requests (each is a checked, broker-acknowledged write followed by the view catching up) and
 *       their rate.</li>
 *   <li>Location: every crew on shift, 64 connections report positions as fast as they can, first with the
 *       throttle off (every report written: the write path's rate), then with the default 10 s throttle (what
 *       the service answers when phones report too often).</li>
 * </ol>
 */
public final class FieldCrewBenchmark {
    private static final int CONNECTIONS = 64;

    private FieldCrewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Duration locationRun = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        try (TestKafka kafka = TestKafka.start()) {
            transitions(kafka, jobs);
            locations(kafka, locationRun, Duration.ZERO);
            locations(kafka, locationRun, Duration.ofSeconds(10));
        }
        System.exit(0);
    }

    private static void transitions(TestKafka kafka, int jobs) throws Exception {
        SiagaConfig config = kafka.config();
        try (ServiceHost host = new ServiceHost(config, TestReference.CATALOG, Clock.systemUTC(),
                List.of(new FieldCrewService(config, TestReference.CATALOG, Clock.systemUTC())));
             KafkaProducer<String, byte[]> dispatcher = new KafkaProducer<>(KafkaSettings.producer(config, "bench-dispatcher"))) {
            URI base = URI.create("http://localhost:" + host.start(0));
            Await.until("field-crew ready", Duration.ofSeconds(60), host::ready);
            List<ReferenceData.Crew> crews = TestReference.MADIUN.crews();
            List<String[]> work = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                ReferenceData.Crew crew = crews.get(i % crews.size());
                String id = "bench-" + i;
                Event<ComplaintDispatched> event = Event.of(new ComplaintDispatched(crew.id(), crew.department(), 500.0, 0,
                        "benchmark"), "madiun", id, Actor.system("dispatcher"), "corr-" + id, Clock.systemUTC().instant());
                dispatcher.send(new ProducerRecord<>(Topics.DISPATCH.name(), id, Topics.DISPATCH.encode(event)));
                work.add(new String[] {id, crew.id()});
            }
            dispatcher.flush();
            HttpClient http = client();
            // every crew lead signs in once, before the clock starts: bcrypt is not what this measures
            DemoUsers users = new DemoUsers(base);
            Map<String, String> tokens = new HashMap<>();
            crews.forEach(crew -> tokens.put(crew.id(), users.token(DemoUsers.crewLead(crew.id()))));
            String manager = users.token(DemoUsers.MANAGER);
            String last = work.get(work.size() - 1)[0];
            Await.until("the view knows every job", Duration.ofSeconds(120),
                    () -> get(http, base.resolve("/api/jobs/" + last), manager) == 200
                            && get(http, base.resolve("/api/jobs/bench-0"), manager) == 200);

            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            long started = System.nanoTime();
            runOnConnections(() -> {
                int i;
                while ((i = next.getAndIncrement()) < work.size()) {
                    String id = work.get(i)[0];
                    String crewId = work.get(i)[1];
                    for (String[] step : List.of(new String[] {"ack", "{}"}, new String[] {"en-route", "{}"},
                            new String[] {"on-scene", "{}"}, new String[] {"resolve", "{\"note\":\"selesai\"}"})) {
                        long t0 = System.nanoTime();
                        int status = post(http, base.resolve("/api/jobs/" + id + "/" + step[0]), tokens.get(crewId), step[1]);
                        latencies.add(System.nanoTime() - t0);
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("TRANSITIONS: %d requests (%d jobs x 4) on %d connections in %.1f s = %.0f req/s; "
                            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; non-200: %d%n",
                    sorted.size(), jobs, CONNECTIONS, seconds, sorted.size() / seconds, millis(sorted, 0.50),
                    millis(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, failures.get());
        }
    }

    private static void locations(TestKafka kafka, Duration run, Duration interval) throws Exception {
        SiagaConfig config = kafka.config().with(FieldCrewConfig.LOCATION_INTERVAL, interval.toString());
        try (ServiceHost host = new ServiceHost(config, TestReference.CATALOG, Clock.systemUTC(),
                List.of(new FieldCrewService(config, TestReference.CATALOG, Clock.systemUTC())))) {
            URI base = URI.create("http://localhost:" + host.start(0));
            Await.until("field-crew ready", Duration.ofSeconds(60), host::ready);
            HttpClient http = client();
            List<String> crews = TestReference.MADIUN.crews().stream().map(ReferenceData.Crew::id).toList();
            DemoUsers users = new DemoUsers(base);
            Map<String, String> tokens = new HashMap<>();
            crews.forEach(crew -> tokens.put(crew, users.token(DemoUsers.crewLead(crew))));
            for (String crew : crews) {
                int status = post(http, base.resolve("/api/crews/me/shift"), tokens.get(crew), "{\"action\":\"start\"}");
                if (status != 200 && status != 409) {
                    throw new IllegalStateException("shift start of " + crew + " answered " + status);
                }
            }
            AtomicLong written = new AtomicLong();
            AtomicLong throttled = new AtomicLong();
            AtomicLong other = new AtomicLong();
            AtomicInteger turn = new AtomicInteger();
            long deadline = System.nanoTime() + run.toNanos();
            long started = System.nanoTime();
            runOnConnections(() -> {
                while (System.nanoTime() < deadline) {
                    String crew = crews.get(Math.floorMod(turn.getAndIncrement(), crews.size()));
                    int status = post(http, base.resolve("/api/crews/me/location"), tokens.get(crew),
                            "{\"lat\":-7.63,\"lon\":111.52,\"accuracyMetres\":10}");
                    (status == 200 ? written : status == 202 ? throttled : other).incrementAndGet();
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("LOCATIONS (throttle %s): %.0f requests/s, %.0f written/s, %.0f throttled/s, %d other over %.1f s%n",
                    interval, (written.get() + throttled.get() + other.get()) / seconds, written.get() / seconds,
                    throttled.get() / seconds, other.get(), seconds);
        }
    }

    private static void runOnConnections(Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                running.add(pool.submit(work));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(8)).build();
    }

    private static int post(HttpClient http, URI uri, String token, String body) {
        try {
            return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("POST " + uri + " failed", e);
        }
    }

    private static int get(HttpClient http, URI uri, String token) {
        try {
            return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("GET " + uri + " failed", e);
        }
    }

    private static double millis(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
