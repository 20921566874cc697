package siaga.intake;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;
import siaga.contracts.reference.ReferenceData;
import siaga.testing.Await;

/**
 * The nearby-duplicates query ({@code GET /api/complaints/nearby}) with many open complaints in intake's store:
 * writes {@code complaint.reported} events for N open complaints of Kota Madiun's categories, spread over the city
 * and the last 24 hours, straight onto {@code complaints} of a real embedded broker, waits until intake's view
 * holds them all, then asks the query from a few clients at random points and categories over HTTP (signed in as
 * the demo operator) and prints p50/p90/p99/max and how many duplicates an answer listed on average.
 *
 * <p>Run: {@code infra/bench/intake-nearby.sh [complaints=100000] [queries=20000] [clients=4]}.
 */
public final class NearbyBenchmark {
    private static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "op-bench");

    private NearbyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int complaints = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        ReferenceData madiun = RunningIntake.REFERENCE.primary();
        List<ReferenceData.Category> categories = madiun.categories();
        ReferenceData.Bounds bounds = madiun.jurisdiction().bounds();
        try (RunningIntake intake = new RunningIntake()) {
            Random random = new Random(7);
            Instant now = Instant.now();
            long loadStarted = System.nanoTime();
            String last = null;
            List<String> sample = new ArrayList<>();
            for (int i = 1; i <= complaints; i++) {
                ReferenceData.Category category = categories.get(random.nextInt(categories.size()));
                GeoPoint at = randomPoint(random, bounds);
                Instant reportedAt = now.minusSeconds(random.nextInt(24 * 3600));
                String id = UUID.randomUUID().toString();
                intake.send(Topics.COMPLAINTS.name(), id, Topics.COMPLAINTS.encode(Event.of(new ComplaintReported(
                        String.format("MDN-2026-%06d", i), category.code(), category.department(), category.priority(),
                        at, "Jl. Uji Beban " + i, "Keluhan uji beban " + i, new Reporter("Warga Uji", "+62 812-0000-0000", null),
                        null, null, "phone"), madiun.jurisdiction().id(), id, OPERATOR, "bench-" + i, reportedAt)));
                last = id;
                if (i % (complaints / 20 + 1) == 0) {
                    sample.add(id);
                }
            }
            intake.flush();
            sample.add(last);
            for (String id : sample) {
                Await.until("complaint " + id + " in intake's view", Duration.ofMinutes(10),
                        () -> intake.get("/api/complaints/" + id).statusCode() == 200);
            }
            System.out.printf(Locale.ROOT, "loaded %,d open complaints into intake's store in %.1f s%n", complaints,
                    (System.nanoTime() - loadStarted) / 1e9);

            ask(intake, categories, bounds, Math.min(2_000, queries), clients, 11);
            Result result = ask(intake, categories, bounds, queries, clients, 12);
            Histogram h = result.latency();
            System.out.printf(Locale.ROOT, "nearby with %,d open complaints: %,d queries from %d clients in %.1f s (%.0f/s); "
                            + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %.1f duplicates listed per answer%n",
                    complaints, queries, clients, result.seconds(), queries / result.seconds(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, result.listed() / (double) queries);
        }
    }

    private record Result(Histogram latency, long listed, double seconds) {
    }

    private static Result ask(RunningIntake intake, List<ReferenceData.Category> categories, ReferenceData.Bounds bounds,
                              int queries, int clients, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long started = System.nanoTime();
            List<Future<Result>> parts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int mine = queries / clients + (c < queries % clients ? 1 : 0);
                Random random = new Random(seed * 1000 + c);
                parts.add(pool.submit(() -> {
                    Histogram latency = new Histogram(60_000_000L, 3);
                    long listed = 0;
                    for (int q = 0; q < mine; q++) {
                        GeoPoint at = randomPoint(random, bounds);
                        String category = categories.get(random.nextInt(categories.size())).code();
                        long t0 = System.nanoTime();
                        HttpResponse<String> answer = intake.get(String.format(Locale.ROOT,
                                "/api/complaints/nearby?category=%s&lat=%.5f&lon=%.5f", category, at.lat(), at.lon()));
                        latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException("nearby answered " + answer.statusCode() + " " + answer.body());
                        }
                        listed += RunningIntake.json(answer).get("complaints").size();
                    }
                    return new Result(latency, listed, 0);
                }));
            }
            Histogram all = new Histogram(60_000_000L, 3);
            long listed = 0;
            for (Future<Result> part : parts) {
                all.add(part.get().latency());
                listed += part.get().listed();
            }
            return new Result(all, listed, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static GeoPoint randomPoint(Random random, ReferenceData.Bounds b) {
        return new GeoPoint(b.minLat() + random.nextDouble() * (b.maxLat() - b.minLat()),
                b.minLon() + random.nextDouble() * (b.maxLon() - b.minLon()));
    }
}
