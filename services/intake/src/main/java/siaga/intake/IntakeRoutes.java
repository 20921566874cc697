package siaga.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ClockResumed;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintPriorityChanged;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.contracts.reference.ReferenceData.DuplicateRule;
import siaga.intake.http.Requests;
import siaga.intake.place.Gazetteer;
import siaga.intake.report.ComplaintForm;
import siaga.intake.report.ComplaintIntake;
import siaga.intake.report.ComplaintIntake.Receipt;
import siaga.intake.report.IdempotencyKeys;
import siaga.intake.report.IntakeProblems;
import siaga.intake.report.IdempotencyKeys.Claim;
import siaga.intake.report.IdempotencyKeys.Response;
import siaga.intake.view.ComplaintStatus;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.ComplaintViews;
import siaga.intake.view.ComplaintViews.Nearby;
import siaga.runtime.access.Access;
import siaga.runtime.access.Principal;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;
import siaga.runtime.kafka.StreamsPeers;

/**
 * The operator API:
 * <ul>
 *   <li>{@code POST /api/complaints}: a {@link ComplaintForm} in, {@code 201} with the {@link Receipt} and a
 *       {@code Location} once the complaint is durably on {@code complaints}; {@code 400} naming every malformed
 *       field; {@code 422} for a lowered priority or a point outside the jurisdiction; {@code 413} over 64 KiB;
 *       {@code 503} when it cannot be recorded.</li>
 *   <li>{@code GET /api/complaints/nearby?category=&lat=&lon=[&jurisdiction=]}: likely duplicates, the open
 *       complaints of that category within the category's duplicate radius and window (its reference data, or
 *       {@link IntakeTopology#DEFAULT_DUPLICATE}), nearest first; the operator's own jurisdiction by default.</li>
 *   <li>{@code GET /api/complaints/{id}}: the {@link ComplaintView}; {@code 400} for an id that is not a UUID,
 *       {@code 404} for an unknown one.</li>
 *   <li>{@code POST /api/complaints/{id}/cancel {"reason"}}: {@code complaint.cancelled}; {@code 409} once the
 *       complaint is resolved, closed, merged or cancelled.</li>
 *   <li>{@code POST /api/complaints/{id}/close {"note"}}: {@code complaint.closed}; {@code 409} unless resolved.</li>
 *   <li>{@code POST /api/complaints/{id}/notes {"note"}}: {@code complaint.note-added}.</li>
 *   <li>{@code POST /api/complaints/{id}/priority {"priority", "reason"}}: {@code complaint.priority-changed};
 *       {@code 422} for the same priority, {@code 409} once the complaint is no longer open.</li>
 *   <li>{@code POST /api/complaints/{id}/pause {"reason", "note"?}}: {@code complaint.clock-paused}; {@code 422} for a
 *       reason the category's policy does not allow, {@code 409} when already paused or no longer open.</li>
 *   <li>{@code POST /api/complaints/{id}/resume {"note"?}}: {@code complaint.clock-resumed}; {@code 409} unless paused.</li>
 * </ul>
 * Every {@code POST} may carry {@code Idempotency-Key} (1-100 characters): a retry with the same key and the same
 * request gets the first response again (same status and body, header {@code Idempotent-Replayed: true}) and
 * writes nothing; the same key with another request gets {@code 422}; keys are kept per signed-in user.
 * {@code X-Correlation-Id} (optional, echoed back) ties the events a request causes together; a new UUID is used
 * when absent.
 *
 * <p>Every route needs a session (401 without, 403 in another role), and the signed-in user is the events' actor.
 * Roles: reporting and the nearby query, operator; reading a complaint and adding a note, operator, manager or
 * inspector; every other change, operator or manager. A complaint of another jurisdiction than the user's is a
 * 403; an inspector reads a complaint without its reporter. Crews see their jobs through field-crew, not here.
 */
public final class IntakeRoutes {
    public static final String COMPLAINTS = "/api/complaints";
    public static final String NEARBY = COMPLAINTS + "/nearby";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final Roles OPERATORS = Roles.of(ActorRole.OPERATOR);
    static final Roles DECIDERS = Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER);
    static final Roles READERS = Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR);
    private static final int MAX_NOTE_LENGTH = 2000;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Gazetteer places;
    private final Supplier<ComplaintIntake> intake;
    private final Supplier<ComplaintViews> views;
    private final Supplier<IdempotencyKeys> keys;
    private final StreamsPeers peers;
    private final Clock clock;

    /**
     * The suppliers are asked per request, as what they supply exists only while the service runs. {@code peers} are
     * the other intake instances: a request about a complaint another one holds is answered by that one.
     */
    public IntakeRoutes(Gazetteer places, Supplier<ComplaintIntake> intake, Supplier<ComplaintViews> views,
                        Supplier<IdempotencyKeys> keys, StreamsPeers peers, Clock clock) {
        this.places = places;
        this.intake = intake;
        this.views = views;
        this.keys = keys;
        this.peers = peers;
        this.clock = clock;
    }

    /** A recorded change of a complaint: the event written and the complaint's status as the request leaves it. */
    public record Recorded(String complaintId, String ticket, String eventId, String type, ComplaintStatus status,
                           Instant recordedAt) {
    }

    /** The answer of the nearby query; {@code windowSeconds} and {@code radiusMetres} say what was searched. */
    public record NearbyAnswer(String category, double radiusMetres, long windowSeconds, List<NearbyComplaint> complaints) {
    }

    public record NearbyComplaint(String complaintId, String ticket, double distanceMetres, long ageSeconds,
                                  Instant reportedAt) {
    }

    public void register(RouteTable routes) {
        routes.post(COMPLAINTS, OPERATORS, this::report);
        routes.get(NEARBY, OPERATORS, this::nearby);
        routes.get(COMPLAINTS + "/{id}", READERS, this::find);
        routes.post(COMPLAINTS + "/{id}/cancel", DECIDERS, ctx -> change(ctx, "reason",
                (view, text) -> {
                    if (!view.status().isOpen()) {
                        throw conflict(view, "a " + view.status().wireName() + " complaint cannot be cancelled");
                    }
                    return new ComplaintCancelled(text);
                }, ComplaintStatus.CANCELLED));
        routes.post(COMPLAINTS + "/{id}/close", DECIDERS, ctx -> change(ctx, "note",
                (view, text) -> {
                    if (view.status() != ComplaintStatus.RESOLVED) {
                        throw conflict(view, "only a resolved complaint can be closed; this one is " + view.status().wireName());
                    }
                    return new ComplaintClosed(text);
                }, ComplaintStatus.CLOSED));
        routes.post(COMPLAINTS + "/{id}/notes", READERS, ctx -> change(ctx, "note", (view, text) -> new NoteAdded(text), null));
        routes.post(COMPLAINTS + "/{id}/priority", DECIDERS, ctx -> change(ctx, IntakeRoutes::priorityChange));
        routes.post(COMPLAINTS + "/{id}/pause", DECIDERS, ctx -> change(ctx, this::pause));
        routes.post(COMPLAINTS + "/{id}/resume", DECIDERS, ctx -> change(ctx, body -> {
            String note = Requests.texts(body, Set.of(), Set.of("note"), Set.of(), MAX_NOTE_LENGTH).get("note");
            return view -> {
                if (!view.isPaused()) {
                    throw conflict(view, "the clocks of this complaint are running; only a paused complaint resumes");
                }
                return new ClockResumed(note);
            };
        }));
    }

    /** {"priority": 1-5, "reason": "..."}: a new priority for an open complaint, with the reason for it. */
    private static ViewChange priorityChange(JsonNode body) {
        String reason = Requests.texts(body, Set.of("reason"), Set.of(), Set.of("priority"), MAX_NOTE_LENGTH).get("reason");
        JsonNode node = body.get("priority");
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > 5) {
            throw ProblemException.badRequest("/priority must be a whole number from 1 (most urgent) to 5",
                    List.of(new FieldError("/priority", "must be a whole number from 1 (most urgent) to 5")));
        }
        int priority = node.asInt();
        return view -> {
            if (!view.status().isOpen()) {
                throw conflict(view, "the priority of a " + view.status().wireName() + " complaint cannot change");
            }
            if (priority == view.priority()) {
                throw IntakeProblems.unprocessable("the priority is already " + view.priority(),
                        List.of(new FieldError("/priority", "is already " + view.priority())));
            }
            return new ComplaintPriorityChanged(view.priority(), priority, reason);
        };
    }

    /** {"reason": one of the category's pause reasons, "note": optional}: stops the clocks of an open complaint. */
    private ViewChange pause(JsonNode body) {
        Map<String, String> fields = Requests.texts(body, Set.of("reason"), Set.of("note"), Set.of(), MAX_NOTE_LENGTH);
        return view -> pause(view, fields.get("reason"), fields.get("note"));
    }

    private ComplaintEvent pause(ComplaintView view, String reason, String note) {
        List<String> allowed = places.catalog().find(view.jurisdiction()).flatMap(r -> r.findCategory(view.category()))
                .map(Category::pauseReasons).orElse(List.of());
        if (!allowed.contains(reason)) {
            throw IntakeProblems.unprocessable("a " + view.category() + " complaint's clocks do not pause for " + reason,
                    List.of(new FieldError("/reason", allowed.isEmpty()
                            ? "the policy of " + view.category() + " allows no pause"
                            : "must be one of " + allowed)));
        }
        if (!view.status().isOpen()) {
            throw conflict(view, "a " + view.status().wireName() + " complaint has no running clock to pause");
        }
        if (view.isPaused()) {
            throw conflict(view, "the clocks of this complaint are already paused (" + view.pausedFor() + ")");
        }
        return new ClockPaused(reason, note);
    }

    private void report(Context ctx) {
        Principal principal = Access.principal(ctx);
        Actor actor = principal.actor();
        String correlationId = correlationId(ctx);
        idempotent(ctx, actor, () -> {
            ComplaintForm form = ComplaintForm.read(Requests.jsonObject(ctx), places,
                    places.catalog().get(principal.jurisdiction()));
            Receipt receipt = intake.get().report(form, actor, correlationId);
            return new Response(201, json(receipt), COMPLAINTS + "/" + receipt.complaintId());
        });
        ctx.header(CORRELATION_HEADER, correlationId);
    }

    private void nearby(Context ctx) {
        Principal principal = Access.principal(ctx);
        Requests.onlyQueryParameters(ctx, Set.of("jurisdiction", "category", "lat", "lon"));
        List<FieldError> errors = new ArrayList<>();
        String jurisdictionId = ctx.queryParam("jurisdiction");
        ReferenceData reference = places.catalog().find(jurisdictionId == null ? principal.jurisdiction() : jurisdictionId)
                .orElse(null);
        if (reference == null) {
            errors.add(new FieldError("/jurisdiction", "is not a jurisdiction served here"));
        }
        String category = ctx.queryParam("category");
        if (category == null || category.isBlank()) {
            errors.add(new FieldError("/category", "is required"));
        } else if (reference != null && reference.findCategory(category).isEmpty()) {
            errors.add(new FieldError("/category", "is not a category of " + reference.jurisdiction().name()));
        }
        Double lat = coordinate(ctx, "lat", 90, errors);
        Double lon = coordinate(ctx, "lon", 180, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() + " query parameters are invalid", errors);
        }
        if (!reference.jurisdiction().id().equals(principal.jurisdiction())) {
            throw ProblemException.forbidden("you see complaints of your own jurisdiction only");
        }
        Instant now = clock.instant();
        DuplicateRule rule = IntakeTopology.duplicateRule(places.catalog(), reference.jurisdiction().id(), category);
        List<NearbyComplaint> found = new ArrayList<>(views.get().nearby(reference.jurisdiction().id(), category,
                        new GeoPoint(lat, lon), rule.radiusMetres(), rule.window(), now).stream()
                .map(IntakeRoutes::shown)
                .toList());
        if (!StreamsPeers.localOnly(ctx)) {
            // the open complaints are spread over the instances by complaint id, so each holds some near any point
            peers.gather(ctx, IntakeTopology.NEARBY_STORE, NearbyAnswer.class).forEach(share -> found.addAll(share.complaints()));
            found.sort(Comparator.comparingDouble(NearbyComplaint::distanceMetres).thenComparing(NearbyComplaint::reportedAt));
        }
        ctx.json(new NearbyAnswer(category, rule.radiusMetres(), rule.window().toSeconds(), found));
    }

    private static NearbyComplaint shown(Nearby n) {
        return new NearbyComplaint(n.complaintId(), n.ticket(), n.distanceMetres(), n.age().toSeconds(), n.reportedAt());
    }

    private static Double coordinate(Context ctx, String name, double limit, List<FieldError> errors) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            errors.add(new FieldError("/" + name, "is required"));
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (text.length() <= 30 && value >= -limit && value <= limit) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        errors.add(new FieldError("/" + name, "must be decimal degrees between " + (int) -limit + " and " + (int) limit));
        return null;
    }

    /** The complaint to staff of its jurisdiction; the reporter only to its operators and managers. */
    private void find(Context ctx) {
        String id = complaintId(ctx);
        if (peers.answeredElsewhere(ctx, IntakeTopology.COMPLAINT_VIEW_STORE, id)) {
            return;
        }
        Principal principal = Access.principal(ctx);
        ComplaintView view = view(ctx, id);
        principal.requireJurisdiction(view.jurisdiction(), "complaint " + view.ticket());
        ctx.json(principal.seesPersonalDataOf(view.jurisdiction()) ? view : view.withoutReporter());
    }

    private interface Change {
        ComplaintEvent apply(ComplaintView view, String text);
    }

    /** Reads a request body (400 for a malformed one) into the change it asks of a complaint. */
    private interface BodyChange {
        ViewChange read(JsonNode body);
    }

    /** The fact a change makes of the complaint as it is now; a 409 or 422 problem where it cannot. */
    private interface ViewChange {
        ComplaintEvent apply(ComplaintView view);
    }

    /** Cancel, close or note: reads {@code {"<field>": "..."}}, checks the complaint's state, records the event. */
    private void change(Context ctx, String field, Change change, ComplaintStatus after) {
        change(ctx, body -> {
            String text = Requests.singleText(body, field, MAX_NOTE_LENGTH);
            return view -> change.apply(view, text);
        }, after);
    }

    private void change(Context ctx, BodyChange change) {
        change(ctx, change, null);
    }

    private void change(Context ctx, BodyChange change, ComplaintStatus after) {
        String id = complaintId(ctx);
        if (peers.answeredElsewhere(ctx, IntakeTopology.COMPLAINT_VIEW_STORE, id)) {
            return;
        }
        Principal principal = Access.principal(ctx);
        Actor actor = principal.actor();
        String correlationId = correlationId(ctx);
        idempotent(ctx, actor, () -> {
            ViewChange asked = change.read(Requests.jsonObject(ctx));
            ComplaintView view = view(ctx, id);
            principal.requireJurisdiction(view.jurisdiction(), "complaint " + view.ticket());
            ComplaintEvent fact = asked.apply(view);
            Event<ComplaintEvent> event = intake.get().record(fact, view.jurisdiction(), view.id(), view.ticket(), actor,
                    correlationId);
            return new Response(200, json(new Recorded(view.id(), view.ticket(), event.eventId().toString(),
                    event.type(), after != null ? after : view.status(), event.occurredAt())), null);
        });
        ctx.header(CORRELATION_HEADER, correlationId);
    }

    private ComplaintView view(Context ctx, String id) {
        return views.get().find(id).orElseThrow(() -> ProblemException.notFound("no complaint " + ctx.pathParam("id")));
    }

    /** The path's complaint id, lower case; 400 when it is not a UUID. */
    private static String complaintId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badRequest("a complaint id is a UUID such as 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a",
                    List.of(new FieldError("/id", "is not a UUID")));
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static ProblemException conflict(ComplaintView view, String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, List.of(),
                Map.of("currentState", view.status().wireName()));
    }

    /**
     * Runs {@code action} at most once per idempotency key: the first request's response is stored and replayed to
     * its retries; a failed request (any exception) frees the key for the next attempt.
     */
    private void idempotent(Context ctx, Actor actor, Supplier<Response> action) {
        Optional<String> key = Requests.header(ctx, IDEMPOTENCY_HEADER);
        if (key.isEmpty()) {
            send(ctx, action.get());
            return;
        }
        byte[] request = (ctx.method() + " " + ctx.path() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = ctx.bodyAsBytes();
        byte[] whole = new byte[request.length + body.length];
        System.arraycopy(request, 0, whole, 0, request.length);
        System.arraycopy(body, 0, whole, request.length, body.length);
        IdempotencyKeys store = keys.get();
        Claim claim = store.claim(actor.id(), key.get(), Requests.sha256Hex(whole));
        if (!claim.claimed()) {
            ctx.header(REPLAYED_HEADER, "true");
            send(ctx, claim.replay());
            return;
        }
        Response response;
        try {
            response = action.get();
        } catch (RuntimeException e) {
            store.release(actor.id(), key.get());
            throw e;
        }
        store.complete(actor.id(), key.get(), response);
        send(ctx, response);
    }

    private static void send(Context ctx, Response response) {
        if (response.location() != null) {
            ctx.header("Location", response.location());
        }
        ctx.status(response.status()).contentType("application/json").result(response.body());
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String correlationId(Context ctx) {
        return Requests.header(ctx, CORRELATION_HEADER).orElseGet(() -> UUID.randomUUID().toString());
    }
}
