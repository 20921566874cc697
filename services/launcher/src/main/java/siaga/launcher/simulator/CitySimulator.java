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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.ActorRole;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceData;

/**
 * A simulated city for the demo, driving Siaga only through its public HTTP API as operators and crews
 * would: every crew starts its shift, operators file complaints at a steady rate with a storm every ten
 * minutes (floods and fallen trees in Taman for two minutes), and crews acknowledge and resolve their jobs
 * after human-looking delays, a tenth of them slow enough to breach their targets so the SLA figures move.
 *
 * <p>It signs in like everyone else: as the demo operator to file and read complaints, and as each crew's lead
 * (the reference data's crew user of that crew) for that crew's shift and jobs, with the demo passwords of
 * {@code infra/reference} (README: demo credentials); again whenever a session expires.
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
    /** The demo passwords by role, as README's demo credentials list them; the users come from the reference data. */
    private static final Map<ActorRole, String> DEMO_PASSWORDS = Map.of(
            ActorRole.OPERATOR, "siaga-demo-operator", ActorRole.CREW, "siaga-demo-crew");
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final String operator;

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
        this.operator = city.users().stream().filter(u -> u.role() == ActorRole.OPERATOR).map(ReferenceData.User::id)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(city.jurisdiction().name() + " has no operator"));
    }

    public void start() {
        for (ReferenceData.Crew crew : city.crews()) {
            crewLead(crew.id()).ifPresentOrElse(lead -> post(lead, "/api/crews/me/shift", Map.of("action", "start",
                            "membersPresent", crew.members().stream().map(ReferenceData.Member::id).toList())),
                    () -> log.warn("simulator: crew {} has no crew user to sign in as; it stays off shift", crew.id()));
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
        JsonNode created = post(operator, "/api/complaints", body);
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
            JsonNode view = get(operator, "/api/complaints/" + job.complaintId());
            if (view == null) {
                continue;
            }
            String status = view.path("status").asText();
            String crew = view.path("crewId").asText(null);
            if (!firstDispatchLogged && crew != null && !status.equals("reported") && !status.equals("queued")) {
                firstDispatchLogged = true;
                log.info("first complaint dispatched {} ms after launch", (System.nanoTime() - launchedNanos) / 1_000_000);
            }
            String lead = crew == null ? null : crewLead(crew).orElse(null);
            if (lead != null && status.equals("dispatched") && now.isAfter(job.reportedAt().plus(job.ackAfter()))) {
                post(lead, "/api/jobs/" + job.complaintId() + "/ack", Map.of());
            } else if (lead != null && status.equals("acknowledged") && now.isAfter(job.reportedAt().plus(job.resolveAfter()))) {
                post(lead, "/api/jobs/" + job.complaintId() + "/resolve", Map.of("note", "Selesai ditangani oleh " + crew));
            } else if (FINISHED.contains(status)) {
                open.remove(job.complaintId());
            }
        }
    }

    /** The user id of {@code crewId}'s lead: the reference data's crew user for that crew. */
    private Optional<String> crewLead(String crewId) {
        return city.users().stream().filter(u -> u.role() == ActorRole.CREW && crewId.equals(u.crewId()))
                .map(ReferenceData.User::id).findFirst();
    }

    private JsonNode post(String user, String path, Object body) {
        try {
            HttpRequest request = signedIn(user, HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))))
                    .build();
            return answer(user, path, http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            log.warn("simulator POST {} failed: {}", path, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode get(String user, String path) {
        try {
            HttpRequest request = signedIn(user, HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET())
                    .build();
            return answer(user, path, http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            log.warn("simulator GET {} failed: {}", path, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code request} with {@code user}'s bearer token, signing in first when there is none yet. */
    private HttpRequest.Builder signedIn(String user, HttpRequest.Builder request) throws IOException, InterruptedException {
        String token = tokens.get(user);
        if (token == null) {
            ActorRole role = city.users().stream().filter(u -> u.id().equals(user)).findFirst().orElseThrow().role();
            byte[] signIn = Json.MAPPER.writeValueAsBytes(Map.of("user", user, "password", DEMO_PASSWORDS.get(role)));
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signIn))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (session.statusCode() != 200) {
                log.warn("simulator: sign-in of {} -> {}", user, session.statusCode());
                return request;
            }
            token = Json.MAPPER.readTree(session.body()).get("token").asText();
            tokens.put(user, token);
        }
        return request.header("Authorization", "Bearer " + token);
    }

    private JsonNode answer(String user, String path, HttpResponse<String> response) throws IOException {
        if (response.statusCode() == 401) {
            tokens.remove(user);
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
