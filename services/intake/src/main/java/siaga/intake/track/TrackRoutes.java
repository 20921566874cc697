package siaga.intake.track;

import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.intake.IntakeTopology;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.ComplaintViews;
import siaga.runtime.access.RateLimiter;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;
import siaga.runtime.kafka.StreamsPeers;

/**
 * The citizen's tracking page, public and without sign-in: {@code GET /track/{ticket}} as plain HTML, or as JSON
 * ({@link Tracking}) with {@code Accept: application/json} or {@code GET /track/{ticket}.json}. Shows only what
 * {@link Tracking} allows; never personal data. A malformed ticket is a 400, an unknown one a 404, each in the
 * format asked for; more than the {@link RateLimiter}'s share from one address is a 429. The HTML escapes every
 * value, as all of them may have passed through a form.
 */
public final class TrackRoutes {
    public static final String TRACK = "/track";
    private static final Pattern TICKET = Pattern.compile("[A-Z]{2,5}-[0-9]{4}-[0-9]{6,12}");
    private static final String JSON_SUFFIX = ".json";

    private final ReferenceCatalog reference;
    private final Supplier<ComplaintViews> views;
    private final RateLimiter limiter;
    private final StreamsPeers peers;

    /** {@code peers}: the other intake instances, asked for a ticket this one does not hold. */
    public TrackRoutes(ReferenceCatalog reference, Supplier<ComplaintViews> views, RateLimiter limiter, StreamsPeers peers) {
        this.reference = reference;
        this.views = views;
        this.limiter = limiter;
        this.peers = peers;
    }

    public void register(RouteTable routes) {
        routes.get(TRACK + "/{ticket}", Roles.PUBLIC, this::track);
    }

    private void track(Context ctx) {
        String requested = ctx.pathParam("ticket");
        boolean json = requested.endsWith(JSON_SUFFIX) || prefersJson(ctx.header("Accept"));
        try {
            limiter.check(ctx);
        } catch (ProblemException e) {
            refuse(ctx, json, e);
            return;
        }
        String ticket = requested.endsWith(JSON_SUFFIX)
                ? requested.substring(0, requested.length() - JSON_SUFFIX.length()) : requested;
        if (!TICKET.matcher(ticket).matches()) {
            refuse(ctx, json, ProblemException.badRequest("a ticket number looks like MDN-2026-000123", List.of(
                    new FieldError("/ticket", "is not a ticket number"))));
            return;
        }
        ComplaintView view = views.get().findByTicket(ticket).orElse(null);
        if (view == null && peers.answeredByAny(ctx, IntakeTopology.TICKET_STORE)) {
            return;
        }
        ReferenceData jurisdiction = view == null ? null : reference.find(view.jurisdiction()).orElse(null);
        if (view == null || jurisdiction == null) {
            refuse(ctx, json, ProblemException.notFound("no complaint has ticket " + ticket));
            return;
        }
        Tracking tracking = Tracking.of(view, jurisdiction);
        if (json) {
            ctx.json(tracking);
        } else {
            ctx.html(TrackingPage.render(tracking, jurisdiction.jurisdiction().name()));
        }
    }

    private static void refuse(Context ctx, boolean json, ProblemException problem) {
        if (json) {
            throw problem;
        }
        ctx.status(problem.problem().status()).html(TrackingPage.error(problem.problem().detail()));
    }

    /** JSON only when asked for before (or instead of) HTML; a browser's Accept lists text/html first. */
    private static boolean prefersJson(String accept) {
        if (accept == null) {
            return false;
        }
        int jsonAt = accept.indexOf("application/json");
        int htmlAt = accept.indexOf("text/html");
        return jsonAt >= 0 && (htmlAt < 0 || jsonAt < htmlAt);
    }
}
