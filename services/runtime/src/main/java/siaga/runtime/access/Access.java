package siaga.runtime.access;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import siaga.contracts.ActorRole;
import siaga.runtime.http.ProblemException;

/**
 * Who may call a signed-in route: the request's session, from {@code Authorization: Bearer <token>} or the
 * {@code siaga_session} cookie, must name one of the route's roles. No or an invalid session is a 401, a valid
 * one in another role a 403 naming the roles the route admits (as its documentation does).
 */
public final class Access {
    public static final String COOKIE = "siaga_session";
    /** The request attribute under which {@link RouteTable} leaves the principal of a signed-in route. */
    static final String PRINCIPAL = "siaga.principal";
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
            String role = Roles.wireName(principal.role());
            throw ProblemException.forbidden(("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role + " may not "
                    + ctx.method() + " " + ctx.endpointHandlerPath() + "; this needs "
                    + roles.stream().map(Roles::wireName).sorted().collect(Collectors.joining(" or ")));
        }
        return principal;
    }

    /**
     * The principal that {@link RouteTable} checked for this signed-in route. Calling it from a public route is a
     * programming error (IllegalStateException), not a client's.
     */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException(ctx.endpointHandlerPath() + " is not a signed-in route");
        }
        return principal;
    }

    private static ProblemException unauthorized(Context ctx, String detail) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"siaga\"");
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, List.of());
    }
}
