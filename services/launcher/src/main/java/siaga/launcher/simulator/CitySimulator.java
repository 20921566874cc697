package siaga.launcher.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceData;

/**
 * A simulated city for the demo, driving Siaga only through its public HTTP API as operators and crews
 * would: every crew starts its shift, operators file complaints at a steady rate with a storm every ten
 * minutes (floods and fallen trees in Taman for two minutes), and crews acknowledge and resolve their jobs
 * after human-looking delays, a tenth of them slow enough to breach their targets so the SLA figures move.
 */
public final class CitySimulator {
    private static final Logger log = LoggerFactory.getLogger(CitySimulator.class);
    private static final List<String> NAMES = List.of("Sri Wahyuni", "Budi Santoso", "Siti Aminah", "Agus Prasetyo",
            "Dewi Lestari", "Joko Susilo", "Rina Marlina", "Bambang Hartono", "Nur Hidayah", "Eko Saputro");
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "street-light-out", "Lampu PJU mati sejak semalam, jalan gelap",
            "fallen-tree", "Pohon tumbang menutup jalan",
            "flood", "Air menggenang setinggi lutut, warga tidak bisa lewat",
            "fire", "Asap tebal dari rumah warga, api terlihat",
            "pothole", "Jalan berlubang besar, membahayakan pengendara motor");

    private final URI base;
    private final ReferenceData city;
    private final int complaintsPerMinute;
    private final Clock clock;
    private final long launchedNanos;
    private final Random random = new Random(20261123);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "city-simulator");
        t.setDaemon(true);
        return t;
    });
    /** Statuses after which the city no longer works a job: the crew is done or there is nothing to do. */
    private static final java.util.Set<String> FINISHED = java.util.Set.of("resolved", "closed", "merged", "cancelled");

    private final Map<String, Job> open = new ConcurrentHashMap<>();
    private volatile boolean firstDispatchLogged;
    /** Intake's routes need a session: the simulator signs in as the demo operator, and again when it expires. */
    private volatile String operatorToken;

    private record Job(String complaintId, String ticket, Instant reportedAt, Duration ackAfter, Duration resolveAfter) {
    }

    public CitySimulator(URI base, ReferenceData city, int complaintsPerMinute, Clock clock, long launchedNanos) {
        if (complaintsPerMinute < 1 || complaintsPerMinute > 6000) {
            throw new IllegalArgumentException("complaints per minute must be between 1 and 6000, was " + complaintsPerMinute);
        }
        this.base = base;
        this.city = city;
        this.complaintsPerMinute = complaintsPerMinute;
        this.clock = clock;
        this.launchedNanos = launchedNanos;
    }

    public void start() {
        for (ReferenceData.Crew crew : city.crews()) {
            post("/api/crews/" + crew.id() + "/shift", Map.of("action", "start",
                    "membersPresent", crew.members().stream().map(ReferenceData.Member::id).toList()));
        }
        log.info("simulator: {} crews on shift, filing {} complaints a minute", city.crews().size(), complaintsPerMinute);
        scheduler.scheduleAtFixedRate(guard(this::fileComplaint), 0, 60_000 / complaintsPerMinute, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard(this::workJobs), 1, 1, TimeUnit.SECONDS);
    }

    public void stop() {
        scheduler.shutdownNow();
    }

    private Runnable guard(Runnable step) {
        return () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("simulator step failed: {}", e.getMessage());
            }
        };
    }

    private void fileComplaint() {
        boolean storm = clock.instant().getEpochSecond() % 600 < 120;
        String category = pickCategory(storm);
        double lat;
        double lon;
        ReferenceData.Bounds b = city.jurisdiction().bounds();
        if (storm && (category.equals("flood") || category.equals("fallen-tree"))) {
            lat = -7.648 + random.nextGaussian() * 0.004;
            lon = 111.527 + random.nextGaussian() * 0.004;
        } else {
            lat = b.minLat() + random.nextDouble() * (b.maxLat() - b.minLat());
            lon = b.minLon() + random.nextDouble() * (b.maxLon() - b.minLon());
        }
        lat = Math.max(b.minLat(), Math.min(b.maxLat(), lat));
        lon = Math.max(b.minLon(), Math.min(b.maxLon(), lon));
        Map<String, Object> body = Map.of(
                "category", category,
                "lat", Math.round(lat * 1e5) / 1e5,
                "lon", Math.round(lon * 1e5) / 1e5,
                "address", "Jl. Simulasi No. " + (1 + random.nextInt(200)) + ", Kota Madiun",
                "description", DESCRIPTIONS.get(category),
                "reporter", Map.of("name", NAMES.get(random.nextInt(NAMES.size())),
                        "phone", "+62 81" + (100_000_000 + random.nextInt(899_999_999))));
        JsonNode created = post("/api/complaints", body);
        if (created != null) {
            boolean slow = random.nextInt(10) == 0;
            Duration ack = Duration.ofSeconds(slow ? 200 + random.nextInt(200) : 5 + random.nextInt(60));
            Duration resolve = ack.plusSeconds(slow ? 600 + random.nextInt(600) : 20 + random.nextInt(120));
            String id = created.get("complaintId").asText();
            open.put(id, new Job(id, created.get("ticket").asText(), clock.instant(), ack, resolve));
        }
    }

    private String pickCategory(boolean storm) {
        int roll = random.nextInt(100);
        if (storm) {
            return roll < 50 ? "flood" : roll < 85 ? "fallen-tree" : "street-light-out";
        }
        return roll < 30 ? "street-light-out" : roll < 50 ? "fallen-tree" : roll < 65 ? "flood" : roll < 75 ? "fire" : "pothole";
    }

    private void workJobs() {
        Instant now = clock.instant();
        for (Job job : List.copyOf(open.values())) {
            JsonNode view = get("/api/complaints/" + job.complaintId());
            if (view == null) {
                continue;
            }
            String status = view.path("status").asText();
            String crew = view.path("crewId").asText(null);
            if (!firstDispatchLogged && crew != null && !status.equals("reported") && !status.equals("queued")) {
                firstDispatchLogged = true;
                log.info("first complaint dispatched {} ms after launch", (System.nanoTime() - launchedNanos) / 1_000_000);
            }
            if (status.equals("dispatched") && now.isAfter(job.reportedAt().plus(job.ackAfter()))) {
                post("/api/jobs/" + job.complaintId() + "/ack", Map.of("crewId", crew));
            } else if (status.equals("acknowledged") && now.isAfter(job.reportedAt().plus(job.resolveAfter()))) {
                post("/api/jobs/" + job.complaintId() + "/resolve", Map.of("crewId", crew, "note", "Selesai ditangani oleh " + crew));
            } else if (FINISHED.contains(status)) {
                open.remove(job.complaintId());
            }
        }
    }

    private JsonNode post(String path, Object body) {
        try {
            HttpRequest request = signedIn(path, HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))))
                    .build();
            return answer(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            log.warn("simulator POST {} failed: {}", path, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode get(String path) {
        try {
            HttpRequest request = signedIn(path, HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET())
                    .build();
            return answer(path, http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            log.warn("simulator GET {} failed: {}", path, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest.Builder signedIn(String path, HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!path.startsWith("/api/complaints")) {
            return request;
        }
        String token = operatorToken;
        if (token == null) {
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"op-sri\", \"password\": \"siaga-demo-operator\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            token = session.statusCode() == 200 ? Json.MAPPER.readTree(session.body()).get("token").asText() : null;
            operatorToken = token;
        }
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private JsonNode answer(String path, HttpResponse<String> response) throws IOException {
        if (response.statusCode() == 401) {
            operatorToken = null;
        }
        if (response.statusCode() / 100 == 2) {
            return Json.MAPPER.readTree(response.body());
        }
        if (response.statusCode() != 404 && response.statusCode() != 409) {
            log.warn("simulator {} -> {} {}", path, response.statusCode(), response.body());
        }
        return null;
    }
}
