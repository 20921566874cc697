package siaga.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.DemoUsers;

/**
 * How fresh the SLA monitor's figures are while the demo runs under load (issue 7): writes one
 * {@code complaint.reported} at a time for Kota Banjarbaru, which the simulated city (Kota Madiun) never touches,
 * and measures from the start of the write to the moment Banjarbaru's backlog on
 * {@code GET /api/sla/dimensions/jurisdiction} (as Banjarbaru's demo manager) shows it, polling every 10 ms. At most 2,500 probes (one grid). Prints p50/p90/p99/max.
 *
 * <p>Usage: {@code SlaFreshness <bootstrap> <base-url> [probes=200] [pause-ms=250]}; run by
 * {@code infra/bench/sla-freshness.sh}, which starts the demo and its simulator first.
 */
public final class SlaFreshness {
    private static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "op-rina");
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private SlaFreshness() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        URI base = URI.create(args[1]);
        int probes = Math.min(2_500, args.length > 2 ? Integer.parseInt(args[2]) : 200);
        long pauseMillis = args.length > 3 ? Long.parseLong(args[3]) : 250;
        HttpClient http = HttpClient.newHttpClient();
        DemoUsers users = new DemoUsers(base);
        SiagaConfig config = SiagaConfig.of(Map.of(SiagaConfig.BOOTSTRAP_SERVERS, bootstrap));
        Histogram freshness = new Histogram(GIVE_UP.toMillis() * 1000, 3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "sla-freshness"))) {
            long backlog = backlog(http, users, base);
            // tickets unique across runs: the demo's database may keep an earlier run's complaints
            long firstTicket = ThreadLocalRandom.current().nextLong(100_000_000_000L, 900_000_000_000L);
            for (int i = 1; i <= probes; i++) {
                String id = UUID.randomUUID().toString();
                Event<ComplaintReported> event = Event.of(new ComplaintReported("BJB-2026-" + (firstTicket + i),
                        "fallen-tree", "DLH", 2, spot(i), "Jl. A. Yani km 33, Banjarbaru",
                        "Pohon tumbang (uji kesegaran)", new Reporter("Warga Uji", "+62 811-0000-0000", null),
                        "banjarbaru-utara", null, "phone"), "banjarbaru", id, OPERATOR, "freshness-" + i, Instant.now());
                long started = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), id, Topics.COMPLAINTS.encode(event))).get();
                long deadline = started + GIVE_UP.toNanos();
                while (backlog(http, users, base) <= backlog) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("probe " + i + " not visible after " + GIVE_UP);
                    }
                    Thread.sleep(10);
                }
                freshness.recordValue((System.nanoTime() - started) / 1000);
                backlog++;
                Thread.sleep(pauseMillis);
            }
        }
        System.out.printf(Locale.ROOT, "SLA freshness over %d probes: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                probes, freshness.getValueAtPercentile(50) / 1000.0, freshness.getValueAtPercentile(90) / 1000.0,
                freshness.getValueAtPercentile(99) / 1000.0, freshness.getMaxValue() / 1000.0);
    }

    /** Probes 330 m apart on a grid, so the dispatcher never merges one into another as a duplicate. */
    private static GeoPoint spot(int probe) {
        return new GeoPoint(-3.40 - (probe / 50) * 0.003, 114.72 + (probe % 50) * 0.003);
    }

    /** Banjarbaru's open complaints as the SLA monitor serves them; 0 before it has any. */
    private static long backlog(HttpClient http, DemoUsers users, URI base) throws Exception {
        HttpResponse<String> response = http.send(users.as(DemoUsers.BANJARBARU_MANAGER, HttpRequest.newBuilder(
                        base.resolve("/api/sla/dimensions/jurisdiction?window=1h"))).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the SLA monitor answered " + response.statusCode() + " " + response.body());
        }
        for (JsonNode value : Json.MAPPER.readTree(response.body()).path("values")) {
            if (value.path("value").asText().equals("banjarbaru")) {
                return value.path("backlog").asLong();
            }
        }
        return 0;
    }
}
