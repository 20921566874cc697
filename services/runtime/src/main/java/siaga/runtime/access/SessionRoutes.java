package siaga.runtime.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.ActorRole;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.access.Sessions.Session;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.Http;
import siaga.runtime.http.ProblemException;

/**
 * {@code POST /api/session {"user", "password", "jurisdiction"?}}: signs in (public, rate limited per address).
 * {@code 200} with {@code {"token", "userId", "role", "crewId"?, "expiresAt"}} and the same token as the
 * {@code siaga_session} cookie (HttpOnly, SameSite=Strict, Path=/); {@code 401} for an unknown user or a wrong
 * password alike; {@code 400} for a malformed body.
 */
public final class SessionRoutes {
    public static final String SESSION = "/api/session";
    private static final Logger log = LoggerFactory.getLogger(SessionRoutes.class);
    private static final Set<String> FIELDS = Set.of("user", "password", "jurisdiction");

    private final ReferenceCatalog reference;
    private final Sessions sessions;
    private final RateLimiter limiter;

    public SessionRoutes(ReferenceCatalog reference, Sessions sessions, RateLimiter limiter) {
        this.reference = reference;
        this.sessions = sessions;
        this.limiter = limiter;
    }

    public record SignedIn(String token, String userId, ActorRole role, String crewId, Instant expiresAt) {
    }

    public void register(RouteTable routes) {
        routes.post(SESSION, Roles.PUBLIC, this::signIn);
    }

    private void signIn(Context ctx) {
        limiter.check(ctx);
        JsonNode body = Http.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        String user = text(body, "user", 100, errors);
        String password = text(body, "password", 200, errors);
        // user ids are unique across the deployment, so the user's own jurisdiction is found without being named
        ReferenceData jurisdiction = reference.list().stream()
                .filter(r -> r.users().stream().anyMatch(u -> u.id().equals(user)))
                .findFirst().orElse(reference.primary());
        if (body.hasNonNull("jurisdiction")) {
            jurisdiction = reference.find(body.get("jurisdiction").asText()).orElse(null);
            if (jurisdiction == null) {
                errors.add(new FieldError("/jurisdiction", "is not a jurisdiction served here"));
            }
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("/" + name.replace("~", "~0").replace("/", "~1"), "is not a known field"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() + " fields of the sign-in are invalid", errors);
        }
        Session session = sessions.signIn(jurisdiction, user, password).orElseThrow(() -> {
            log.info("sign-in refused");
            return new ProblemException(401, "unauthorized", "Unauthorized", "unknown user or wrong password", List.of());
        });
        Principal p = session.principal();
        log.info("signed in {} as {}", p.userId(), p.role());
        Cookie cookie = new Cookie(Access.COOKIE, session.token(), "/", (int) sessions.ttl().toSeconds(), false, 0, true,
                null, null, SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.json(new SignedIn(session.token(), p.userId(), p.role(), p.crewId(), p.expiresAt()));
    }

    private static String text(JsonNode body, String field, int maxLength, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty() || node.asText().length() > maxLength) {
            errors.add(new FieldError("/" + field, "must be a string of 1 to " + maxLength + " characters"));
            return null;
        }
        return node.asText();
    }
}
