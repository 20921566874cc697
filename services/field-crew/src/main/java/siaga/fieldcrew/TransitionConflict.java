package siaga.fieldcrew;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/**
 * A 409 for a transition that is not legal from the current state. Its problem body adds two members that a
 * crew's app acts on ({@code currentState}, {@code allowedNextStates}); the shared problem body has no room for
 * them, so this module registers a handler for this one exception, which writes the same body plus those two.
 */
final class TransitionConflict extends ProblemException {
    private static final Logger log = LoggerFactory.getLogger(TransitionConflict.class);

    private final String currentState;
    private final List<String> allowedNextStates;

    TransitionConflict(String detail, String currentState, List<String> allowedNextStates) {
        super(409, "illegal-transition", "Illegal transition", detail, List.of());
        this.currentState = currentState;
        this.allowedNextStates = List.copyOf(allowedNextStates);
    }

    static TransitionConflict job(Job job, JobStatus wanted) {
        List<String> allowed = job.status().allowedNext().stream().map(JobStatus::wireName).toList();
        return new TransitionConflict("complaint " + job.complaintId() + " is " + job.status() + " and cannot become "
                + wanted + "; it can become: " + (allowed.isEmpty() ? "nothing, it is finished" : String.join(", ", allowed)),
                job.status().wireName(), allowed);
    }

    static TransitionConflict shift(String crewId, boolean onShift) {
        return onShift
                ? new TransitionConflict("crew " + crewId + " is already on shift", Shift.ON_SHIFT, List.of(Shift.OFF_SHIFT))
                : new TransitionConflict("crew " + crewId + " is not on shift", Shift.OFF_SHIFT, List.of(Shift.ON_SHIFT));
    }

    record Body(String type, String title, int status, String detail, List<FieldError> errors,
                String currentState, List<String> allowedNextStates) {
    }

    Body body() {
        var p = problem();
        return new Body(p.type(), p.title(), p.status(), p.detail(), p.errors(), currentState, allowedNextStates);
    }

    static void register(Javalin app) {
        app.exception(TransitionConflict.class, (e, ctx) -> {
            log.info("{} {} -> 409 {}", ctx.method(), ctx.path(), e.problem().detail());
            try {
                ctx.status(409).contentType("application/problem+json").result(Json.MAPPER.writeValueAsString(e.body()));
            } catch (JsonProcessingException failure) {
                throw new IllegalStateException("cannot write a conflict problem", failure);
            }
        });
    }
}
