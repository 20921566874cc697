package siaga.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.intake.report.ComplaintForm;
import siaga.intake.report.ComplaintIntake;
import siaga.intake.report.ComplaintIntake.Receipt;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.ComplaintViews;
import siaga.runtime.http.Http;
import siaga.runtime.http.ProblemException;

/**
 * The operator API:
 * <ul>
 *   <li>{@code POST /api/complaints}: a {@link ComplaintForm} in, {@code 201} with the {@link Receipt} and a
 *       {@code Location} once the complaint is durably on {@code complaints}; {@code 400} naming every bad
 *       field; {@code 413} over 64 KiB; {@code 503} when it cannot be recorded.</li>
 *   <li>{@code GET /api/complaints/{id}}: the {@link ComplaintView}; {@code 400} for an id that is not a UUID,
 *       {@code 404} for an unknown one.</li>
 * </ul>
 * {@code X-Correlation-Id} (optional, echoed back) ties the events a request causes together; a new UUID is
 * used when absent. {@code X-Siaga-Actor} (optional) names the operator until sign-in exists; without it the
 * actor is the generic {@code operator}.
 */
public final class IntakeRoutes {
    public static final String COMPLAINTS = "/api/complaints";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String ACTOR_HEADER = "X-Siaga-Actor";
    static final Actor DEFAULT_OPERATOR = new Actor(ActorRole.OPERATOR, "operator");
    private static final int MAX_HEADER_LENGTH = 100;
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ReferenceCatalog reference;
    private final Supplier<ComplaintIntake> intake;
    private final Supplier<ComplaintViews> views;

    /** {@code intake} and {@code views} are asked for per request, as they exist only while the service runs. */
    public IntakeRoutes(ReferenceCatalog reference, Supplier<ComplaintIntake> intake, Supplier<ComplaintViews> views) {
        this.reference = reference;
        this.intake = intake;
        this.views = views;
    }

    public void register(Javalin app) {
        app.post(COMPLAINTS, this::report);
        app.get(COMPLAINTS + "/{id}", this::find);
    }

    private void report(Context ctx) {
        String correlationId = header(ctx, CORRELATION_HEADER).orElseGet(() -> UUID.randomUUID().toString());
        Actor actor = header(ctx, ACTOR_HEADER).map(id -> new Actor(ActorRole.OPERATOR, id)).orElse(DEFAULT_OPERATOR);
        JsonNode body = Http.jsonBody(ctx);
        ComplaintForm form = ComplaintForm.read(body, reference);
        Receipt receipt = intake.get().report(form, actor, correlationId);
        ctx.status(201)
                .header("Location", COMPLAINTS + "/" + receipt.complaintId())
                .header(CORRELATION_HEADER, correlationId)
                .json(receipt);
    }

    private void find(Context ctx) {
        String id = ctx.pathParam("id");
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badRequest("a complaint id is a UUID such as 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a",
                    List.of());
        }
        ComplaintView view = views.get().find(id.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ProblemException.notFound("no complaint " + id));
        ctx.json(view);
    }

    private static Optional<String> header(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_HEADER_LENGTH) {
            throw ProblemException.badRequest("header " + name + " must be 1 to " + MAX_HEADER_LENGTH
                    + " characters when present", List.of());
        }
        return Optional.of(trimmed);
    }
}
