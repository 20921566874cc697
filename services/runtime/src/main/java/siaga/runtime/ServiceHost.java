package siaga.runtime;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.access.Access;
import siaga.runtime.access.AccessConfig;
import siaga.runtime.access.RateLimiter;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.access.SessionRoutes;
import siaga.runtime.access.Sessions;
import siaga.runtime.http.Http;

/**
 * Runs a set of services in this JVM behind one HTTP port: their routes, plus {@code GET /ready} (200 once
 * every service is ready, 503 naming what is not), {@code GET /health} (each service's detail) and sign-in,
 * {@code POST /api/session} ({@link SessionRoutes}), whose session every service's signed-in routes accept.
 * Services register their routes through one {@link RouteTable}, each route with its {@link Roles}. Services
 * start in the given order and stop in reverse. Used by each service's own main and by the launcher.
 */
public final class ServiceHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

    private final List<Service> services;
    private final Javalin app;
    private final RouteTable routes;
    private final List<Service> started = new ArrayList<>();

    /**
     * The host of {@code services}, not started. Sign-in settings come from {@code config} ({@link AccessConfig});
     * users from {@code reference}; session expiry and rate limits run on {@code clock}. A bad setting throws
     * IllegalArgumentException naming it.
     */
    public ServiceHost(SiagaConfig config, ReferenceCatalog reference, Clock clock, List<Service> services) {
        this.services = List.copyOf(services);
        this.app = Http.create();
        AccessConfig access = AccessConfig.from(config);
        Sessions sessions = new Sessions(reference, access.sessionSecret(), access.sessionTtl(), clock);
        RateLimiter limiter = new RateLimiter(access.publicRequestsPerMinute(), clock);
        this.routes = new RouteTable(app, new Access(sessions), limiter);
        // probes for orchestrators and load balancers, which carry no session
        routes.get("/ready", Roles.PUBLIC, ctx -> {
            Map<String, Object> report = report();
            ctx.status(Boolean.TRUE.equals(report.get("ready")) ? 200 : 503).json(report);
        });
        routes.get("/health", Roles.PUBLIC, ctx -> ctx.json(report()));
        new SessionRoutes(reference, sessions, limiter).register(routes);
        this.services.forEach(s -> s.routes(routes));
    }

    public Javalin app() {
        return app;
    }

    /** Where the launcher adds its own pages; {@link RouteTable#list()} is every route this host serves. */
    public RouteTable routes() {
        return routes;
    }

    /** Starts every service, then HTTP on {@code port} (0 picks a free one); returns the bound port. */
    public int start(int port) {
        for (Service service : services) {
            log.info("starting {}", service.name());
            service.start();
            started.add(service);
        }
        app.start("0.0.0.0", port);
        return app.port();
    }

    public boolean ready() {
        return services.stream().allMatch(s -> s.health().ready());
    }

    public Map<String, Object> report() {
        Map<String, Object> byService = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Service service : services) {
            Service.Health health = service.health();
            byService.put(service.name(), Map.of("ready", health.ready(), "detail", health.detail()));
            if (!health.ready()) {
                missing.add(service.name() + ": " + health.detail());
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ready", missing.isEmpty());
        report.put("services", byService);
        report.put("missing", missing);
        return report;
    }

    @Override
    public void close() {
        app.stop();
        for (int i = started.size() - 1; i >= 0; i--) {
            Service service = started.get(i);
            try {
                service.stop();
                log.info("stopped {}", service.name());
            } catch (RuntimeException e) {
                log.error("stopping {} failed", service.name(), e);
            }
        }
        started.clear();
    }

    /** The whole of a service's main: run these services on SIAGA_HTTP_PORT until the JVM is asked to stop. */
    public static void runUntilStopped(SiagaConfig config, ReferenceCatalog reference, List<Service> services) {
        ServiceHost host = new ServiceHost(config, reference, Clock.systemUTC(), services);
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "siaga-shutdown"));
        int port = host.start(config.httpPort());
        log.info("{} listening on http://localhost:{}", services.stream().map(Service::name).toList(), port);
    }
}
