package siaga.runtime.access;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The only way a service registers HTTP routes ({@code Service.routes}): each route states its {@link Roles}, so
 * none can be added without a decision about who may call it. For a signed-in route the table checks the session
 * before the handler runs (401 without one, 403 in another role) and leaves the {@link Principal} on the request
 * for {@link Access#principal(Context)}; a public route's handler applies {@link #limiter()} itself where the
 * route is for citizens or integrators, as each answers a 429 in its own format (problem JSON, HTML, Open311 XML).
 *
 * <p>{@link #list()} is every route with its roles, which the API description must match. Not thread-safe:
 * routes are added before the server starts.
 */
public final class RouteTable {
    /** A registered route: method, Javalin path and who it admits. */
    public record Route(HandlerType method, String path, Roles roles) {
    }

    private final Javalin app;
    private final Access access;
    private final RateLimiter limiter;
    private final List<Route> routes = new ArrayList<>();

    public RouteTable(Javalin app, Access access, RateLimiter limiter) {
        this.app = app;
        this.access = access;
        this.limiter = limiter;
    }

    public void get(String path, Roles roles, Handler handler) {
        add(HandlerType.GET, path, roles, handler);
    }

    public void post(String path, Roles roles, Handler handler) {
        add(HandlerType.POST, path, roles, handler);
    }

    /** A server-sent event stream; for a signed-in stream the client's {@code ctx()} carries the principal. */
    public void sse(String path, Roles roles, Consumer<SseClient> client) {
        add(HandlerType.GET, path, roles, new SseHandler(client));
    }

    /** The per-address limit of the public endpoints, shared by every service of this host. */
    public RateLimiter limiter() {
        return limiter;
    }

    public List<Route> list() {
        return List.copyOf(routes);
    }

    private void add(HandlerType method, String path, Roles roles, Handler handler) {
        routes.add(new Route(method, path, roles));
        Handler guarded = roles.kind() != Roles.Kind.SESSION ? handler : ctx -> {
            ctx.attribute(Access.PRINCIPAL, access.require(ctx, roles.roles()));
            handler.handle(ctx);
        };
        app.addHttpHandler(method, path, guarded);
    }
}
