package siaga.fieldcrew;

import java.util.List;
import java.util.Map;
import siaga.runtime.http.ProblemException;

/**
 * A 409 for a transition that is not legal from the current state. Its problem body adds the two members a
 * crew's app acts on: {@code currentState} and {@code allowedNextStates}.
 */
final class TransitionConflict extends ProblemException {
    private TransitionConflict(String detail, String currentState, List<String> allowedNextStates) {
        super(409, "illegal-transition", "Illegal transition", detail, List.of(),
                Map.of("currentState", currentState, "allowedNextStates", List.copyOf(allowedNextStates)));
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
}
