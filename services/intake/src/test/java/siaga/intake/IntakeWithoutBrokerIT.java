package siaga.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Json;
import siaga.runtime.ServiceHost;
import siaga.runtime.access.AccessConfig;
import siaga.runtime.SiagaConfig;
import siaga.testing.TestDatabase;

/**
 * Intake pointed at an address where no broker listens: nothing can be acknowledged, so nothing is promised.
 * Sign-in and the public endpoints' rate limit (five a minute here) need neither broker nor view.
 */
class IntakeWithoutBrokerIT {
    static TestDatabase db;
    static ServiceHost host;
    static HttpClient http;
    static URI base;
    static String token;

    @BeforeAll
    static void startIntakeWithoutABroker() throws Exception {
        int nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = socket.getLocalPort();
        }
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(SiagaConfig.of(Map.of(
                SiagaConfig.BOOTSTRAP_SERVERS, "127.0.0.1:" + nobodyListens,
                SiagaConfig.STATE_DIR, Files.createTempDirectory("siaga-state-").toString(),
                IntakeConfig.SEND_TIMEOUT, "PT2S",
                AccessConfig.PUBLIC_RATE, "5")));
        host = new ServiceHost(config, RunningIntake.REFERENCE, Clock.systemUTC(),
                List.of(new IntakeService(config, RunningIntake.REFERENCE, Clock.systemUTC())));
        base = URI.create("http://localhost:" + host.start(0));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        token = RunningIntake.signIn(http, base, "op-sri", "siaga-demo-operator");
    }

    @AfterAll
    static void stopIntake() {
        if (host != null) {
            host.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void answers503AndNoTicketWhenTheBrokerDoesNotAcknowledgeWithinTheTimeout() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/complaints"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"category": "flood", "lat": -7.6150, "lon": 111.5200, "address": "Jl. Serayu, Kartoharjo",
                         "description": "Air setinggi lutut masuk rumah", "reporter": {"name": "Dewi", "phone": "081234567890"}}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.get("detail").asText()).isEqualTo("the complaint could not be recorded right now; please try again");
        assertThat(problem.has("ticket")).isFalse();
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Test
    void isNotReadyAndCannotLookUpComplaintsWhileTheViewIsNotRunning() throws Exception {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode intake = Json.MAPPER.readTree(ready.body()).at("/services/intake");
        assertThat(intake.get("ready").asBoolean()).isFalse();
        assertThat(intake.get("detail").asText()).startsWith("intake-view streams ").endsWith("; database answered");

        HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(
                base.resolve("/api/complaints/0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a")).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lookup.statusCode()).isEqualTo(503);
        assertThat(lookup.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void limitsThePublicEndpointsPerAddressWith429AndRetryAfter() throws Exception {
        List<Integer> statuses = new java.util.ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 6 && limited == null; i++) {
            HttpResponse<String> r = get("/track/MDN-1999-000001.json");
            statuses.add(r.statusCode());
            limited = r.statusCode() == 429 ? r : null;
        }

        assertThat(statuses).hasSizeLessThanOrEqualTo(6).last().isEqualTo(429);
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(503);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(limited.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1, 12));
        HttpResponse<String> open311 = get("/open311/v2/services.xml");
        assertThat(open311.statusCode()).isEqualTo(429);
        assertThat(open311.body()).contains("<errors><error><code>429</code>");
        assertThat(open311.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"op-sri\", \"password\": \"siaga-demo-operator\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(429);
        assertThat(signIn.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
