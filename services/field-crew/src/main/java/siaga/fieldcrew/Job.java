package siaga.fieldcrew;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.Checks;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.FieldEvent;

/**
 * A complaint's job as field-crew sees it, the value of {@link FieldCrewTopology#JOBS_BY_COMPLAINT}: the crew it
 * is assigned to, that crew's jurisdiction and department, how far the crew has taken it, and the dispatch event
 * that created it (field events follow it, keeping its jurisdiction and correlation id).
 *
 * <p>{@code history} holds one step per applied event, dispatch first, so that an event applied again (a
 * Streams replay after a crash) is recognised by its id and changes nothing, and so that a request can wait
 * until the view has applied the event it wrote. Re-dispatch to another crew is not handled yet: a second
 * dispatch of a known job is rejected to dead-letter rather than silently reassigning it.
 */
public record Job(
        String complaintId,
        String crewId,
        String jurisdiction,
        String department,
        JobStatus status,
        Event<ComplaintDispatched> dispatch,
        List<Step> history) {

    public record Step(JobStatus status, UUID eventId, Instant at) {
        public Step {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(at, "at");
        }
    }

    public Job {
        Checks.text(complaintId, "complaintId", 100);
        Checks.text(crewId, "crewId", 100);
        Checks.text(jurisdiction, "jurisdiction", 40);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(dispatch, "dispatch");
        history = List.copyOf(history);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a job's history starts with its dispatch");
        }
    }

    public static Job dispatched(String complaintId, Event<ComplaintDispatched> dispatch) {
        ComplaintDispatched data = dispatch.data();
        return new Job(complaintId, data.crewId(), dispatch.jurisdiction(), data.department(), JobStatus.DISPATCHED,
                dispatch, List.of(new Step(JobStatus.DISPATCHED, dispatch.eventId(), dispatch.occurredAt())));
    }

    public boolean hasApplied(UUID eventId) {
        return history.stream().anyMatch(step -> step.eventId().equals(eventId));
    }

    /** This job moved on to {@code next} by {@code event}; legality is the caller's to check. */
    public Job advance(JobStatus next, Event<? extends FieldEvent> event) {
        List<Step> steps = new ArrayList<>(history);
        steps.add(new Step(next, event.eventId(), event.occurredAt()));
        return new Job(complaintId, crewId, jurisdiction, department, next, dispatch, steps);
    }

    /**
     * The fold of {@code dispatch} and {@code field} into a complaint's job. Returns {@code job} itself when the
     * event changes nothing (already applied, or a queued complaint that has no job yet), and throws
     * {@link RejectedEvent} for an event that cannot apply: a field event for a job never dispatched, from a
     * crew the job is not assigned to, or out of order (resolved before acknowledged).
     *
     * @param job the current job, null when the complaint has none yet
     */
    @SuppressWarnings("unchecked")
    public static Job evolve(String complaintId, Job job, Event<? extends EventPayload> event) throws RejectedEvent {
        if (job != null && job.hasApplied(event.eventId())) {
            return job;
        }
        EventPayload data = event.data();
        if (data instanceof ComplaintDispatched) {
            if (job != null) {
                throw new RejectedEvent("complaint " + complaintId + " is already dispatched to crew " + job.crewId()
                        + "; re-dispatch is not handled yet");
            }
            return dispatched(complaintId, (Event<ComplaintDispatched>) event);
        }
        if (data instanceof ComplaintQueued) {
            return job;
        }
        if (data instanceof FieldEvent field) {
            if (job == null) {
                throw new RejectedEvent("no dispatch is known for complaint " + complaintId);
            }
            if (!field.crewId().equals(job.crewId())) {
                throw new RejectedEvent("crew " + field.crewId() + " is not the crew complaint " + complaintId
                        + " is assigned to (" + job.crewId() + ")");
            }
            JobStatus next = JobStatus.reachedBy(field);
            if (!job.status().canBecome(next)) {
                throw new RejectedEvent("complaint " + complaintId + " cannot go from " + job.status() + " to " + next);
            }
            return job.advance(next, (Event<? extends FieldEvent>) event);
        }
        throw new RejectedEvent(event.type() + " is not an event of a job");
    }
}
