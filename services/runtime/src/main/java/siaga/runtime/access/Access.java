package siaga.intake.access;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import siaga.contracts.ActorRole;
import siaga.runtime.http.ProblemException;

/**
 * Who may call an operator route: the request's session, from {@code Authorization: Bearer <token>} or the
 * {@code siaga_session} cookie, must name one of the route's roles. No or an invalid session is a 401, a valid
 * one in another role a 403; neither says which roles would do, beyond what the route's documentation states.
 */
public final class Access {
    public static final String COOKIE = "siaga_session";
    private static final String BEARER = "Bearer ";

    private final Sessions sessions;

    public Access(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The principal of {@code ctx}, in one of {@code roles}; a 401 or 403 problem otherwise. */
    public Principal require(Context ctx, Set<ActorRole> roles) {
        String authorization = ctx.header("Authorization");
        String token = authorization != null && authorization.startsWith(BEARER)
                ? authorization.substring(BEARER.length()).strip()
                : ctx.cookie(COOKIE);
        if (token == null || token.isEmpty() || token.length() > 2000) {
            throw unauthorized(ctx, "sign in first: POST /api/session, then send the token as a bearer token or the cookie");
        }
        Principal principal = sessions.verify(token)
                .orElseThrow(() -> unauthorized(ctx, "the session is invalid or has expired; please sign in again"));
        if (!roles.contains(principal.role())) {
            throw ProblemException.forbidden("a " + principal.role().name().toLowerCase(java.util.Locale.ROOT)
                    + " may not " + ctx.method() + " " + ctx.matchedPath() + "; this needs "
                    + roles.stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).sorted()
                    .collect(Collectors.joining(" or ")));
        }
        return principal;
    }

    private static ProblemException unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"siaga\"");
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of());
    }
}
