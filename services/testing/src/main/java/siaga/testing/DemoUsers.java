package siaga.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import siaga.contracts.Json;

/**
 * The demo's users (infra/reference, README's demo credentials) signed in against a running host, for tests and
 * benchmarks: {@code users.as(DemoUsers.OPERATOR, request)} adds that user's bearer token, signing in once per user
 * (bcrypt is slow on purpose, so tokens are kept). Thread-safe.
 */
public final class DemoUsers {
    public static final String OPERATOR = "op-sri";
    public static final String MANAGER = "mgr-ani";
    public static final String INSPECTOR = "insp-budi";
    public static final String BANJARBARU_OPERATOR = "op-rina";
    public static final String BANJARBARU_MANAGER = "mgr-hasan";
    public static final String BANJARBARU_INSPECTOR = "insp-yusuf";
    public static final String OPEN311_KEY = "siaga-demo-open311-key";

    private static final Map<String, String> PASSWORDS = Map.of(
            "op", "siaga-demo-operator", "crew", "siaga-demo-crew", "mgr", "siaga-demo-manager", "insp", "siaga-demo-inspector");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    /** Users of the host at {@code base} (such as {@code http://127.0.0.1:8080}). */
    public DemoUsers(URI base) {
        this.base = base;
    }

    /** The user who leads {@code crewId} and signs in for it: {@code crew-<crewId>}. */
    public static String crewLead(String crewId) {
        return "crew-" + crewId;
    }

    /** The demo password of a demo user, by the prefix of their id (op-, crew-, mgr-, insp-). */
    public static String password(String user) {
        String password = PASSWORDS.get(user.substring(0, Math.max(0, user.indexOf('-'))));
        if (password == null) {
            throw new IllegalArgumentException(user + " is not a demo user");
        }
        return password;
    }

    /** {@code request} with {@code user}'s bearer token. */
    public HttpRequest.Builder as(String user, HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token(user));
    }

    /** {@code user}'s session token, signing in on first use; an AssertionError when the sign-in is refused. */
    public String token(String user) {
        return tokens.computeIfAbsent(user, this::signIn);
    }

    private String signIn(String user) {
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("user", user, "password", password(user)));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("sign-in of " + user + " -> " + response.statusCode() + " " + response.body());
            }
            JsonNode session = Json.MAPPER.readTree(response.body());
            return session.get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing in " + user, e);
        }
    }
}
