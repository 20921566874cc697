package siaga.fieldcrew;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import siaga.contracts.Checks;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;

/**
 * A complaint's job as field-crew sees it, the value of {@link FieldCrewTopology#JOBS_BY_COMPLAINT}: the crew it
 * is assigned to now, that crew's jurisdiction and department, how far the crew has taken it, and the
 * correlation id field events carry on.
 *
 * <p>{@code status} is the result of the transitions in the order they were written (the order of the
 * partition), which is the order the HTTP side checked them in. {@code history} is the timeline a person
 * reads, ordered by when things happened on the crew's phone ({@link Step#at}, the device time), so a step a
 * phone sent late after being offline sits where it happened without moving the status back. Example: a crew
 * acknowledges offline at 09:10 by its phone and is en route at 09:05 by a phone whose clock was corrected in
 * between; both arrive in that order, the status is en-route and the timeline shows en-route before
 * acknowledged. The history also makes the fold idempotent: an event applied again (a Streams replay, or a
 * phone's retry written twice) is recognised by its id and changes nothing.
 *
 * <p>A job moves to another crew with {@code ComplaintReassigned}, or with a new {@code ComplaintDispatched}
 * once the assigned crew handed it back (declined, cannot-fix) or the dispatcher escalated it; a second
 * dispatch of a job its crew still holds is rejected to dead-letter rather than silently taking it away.
 */
public record Job(
        String complaintId,
        String crewId,
        String jurisdiction,
        String department,
        String correlationId,
        JobStatus status,
        boolean escalated,
        List<Step> history) {

    /**
     * One thing that happened to the job. {@code at} is the envelope's occurredAt (for a crew's step, its
     * phone's time), {@code receivedAt} when the server had it; {@code detail} is the dispatcher's reason, the
     * crew's note or reason, or null.
     */
    public record Step(JobStatus status, UUID eventId, String crewId, Instant at, Instant receivedAt, String detail) {
        public Step {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(eventId, "eventId");
            Checks.text(crewId, "crewId", 100);
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    public Job {
        Checks.text(complaintId, "complaintId", 100);
        Checks.text(crewId, "crewId", 100);
        Checks.text(jurisdiction, "jurisdiction", 40);
        Checks.text(department, "department", 40);
        Checks.text(correlationId, "correlationId", 100);
        Objects.requireNonNull(status, "status");
        history = List.copyOf(history);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a job's history starts with its dispatch");
        }
    }

    public static Job dispatched(String complaintId, Event<ComplaintDispatched> dispatch) {
        ComplaintDispatched data = dispatch.data();
        return new Job(complaintId, data.crewId(), dispatch.jurisdiction(), data.department(), dispatch.correlationId(),
                JobStatus.DISPATCHED, false, List.of(dispatchStep(data.crewId(), dispatch, data.reason())));
    }

    public boolean hasApplied(UUID eventId) {
        return findStep(eventId).isPresent();
    }

    public Optional<Step> findStep(UUID eventId) {
        return history.stream().filter(step -> step.eventId().equals(eventId)).findFirst();
    }

    /** This job moved on to {@code next} by {@code event} of its crew; legality is the caller's to check. */
    public Job advance(JobStatus next, Event<? extends FieldEvent> event) {
        Step step = new Step(next, event.eventId(), event.data().crewId(), event.occurredAt(), receivedAt(event.data()),
                detail(event.data()));
        return new Job(complaintId, crewId, jurisdiction, department, correlationId, next, escalated, insert(step));
    }

    /** This job, now the new crew's, waiting for it to acknowledge. */
    private Job reassign(String toCrewId, String toDepartment, Event<? extends DispatchEvent> event, String reason) {
        return new Job(complaintId, toCrewId, jurisdiction, toDepartment, correlationId, JobStatus.DISPATCHED, false,
                insert(dispatchStep(toCrewId, event, reason)));
    }

    /**
     * The fold of {@code dispatch} and {@code field} into a complaint's job. Returns {@code job} itself when the
     * event changes nothing (already applied, or a dispatch event that is no job's business such as a queued
     * complaint), and throws {@link RejectedEvent} for an event that cannot apply: a field event for a job never
     * dispatched, from a crew the job is not assigned to, or not legal from the status (resolved before
     * acknowledged); a second dispatch while the crew still holds the job; a reassignment of a finished job.
     *
     * @param job the current job, null when the complaint has none yet
     */
    @SuppressWarnings("unchecked")
    public static Job evolve(String complaintId, Job job, Event<? extends EventPayload> event) throws RejectedEvent {
        if (job != null && job.hasApplied(event.eventId())) {
            return job;
        }
        EventPayload data = event.data();
        if (data instanceof ComplaintDispatched dispatched) {
            if (job == null) {
                return dispatched(complaintId, (Event<ComplaintDispatched>) event);
            }
            if (!job.status().isHandedBack() && !job.escalated()) {
                throw new RejectedEvent("complaint " + complaintId + " is already dispatched to crew " + job.crewId()
                        + " (" + job.status() + "); it is dispatched again only after a decline, cannot-fix or escalation");
            }
            return job.reassign(dispatched.crewId(), dispatched.department(), (Event<DispatchEvent>) event, dispatched.reason());
        }
        if (data instanceof ComplaintReassigned reassigned) {
            if (job == null) {
                throw new RejectedEvent("no dispatch is known for complaint " + complaintId);
            }
            if (job.status() == JobStatus.RESOLVED) {
                throw new RejectedEvent("complaint " + complaintId + " is resolved and cannot be reassigned");
            }
            return job.reassign(reassigned.toCrewId(), reassigned.department(), (Event<DispatchEvent>) event,
                    reassigned.reason());
        }
        if (data instanceof ComplaintEscalated escalated) {
            boolean ofThisCrew = job != null && job.crewId().equals(escalated.crewId()) && job.status().isOpen();
            return ofThisCrew && !job.escalated()
                    ? new Job(complaintId, job.crewId(), job.jurisdiction(), job.department(), job.correlationId(),
                            job.status(), true, job.history())
                    : job;
        }
        if (data instanceof DispatchEvent) {
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

    /** The history with {@code step} after every step that happened at or before it. */
    private List<Step> insert(Step step) {
        List<Step> steps = new ArrayList<>(history);
        int at = steps.size();
        while (at > 0 && steps.get(at - 1).at().isAfter(step.at())) {
            at--;
        }
        steps.add(at, step);
        return steps;
    }

    private static Step dispatchStep(String crewId, Event<? extends DispatchEvent> event, String reason) {
        return new Step(JobStatus.DISPATCHED, event.eventId(), crewId, event.occurredAt(), event.occurredAt(), reason);
    }

    static Instant receivedAt(FieldEvent event) {
        if (event instanceof JobAcknowledged e) {
            return e.receivedAt();
        }
        if (event instanceof JobEnRoute e) {
            return e.receivedAt();
        }
        if (event instanceof JobOnScene e) {
            return e.receivedAt();
        }
        if (event instanceof JobResolved e) {
            return e.receivedAt();
        }
        if (event instanceof JobDeclined e) {
            return e.receivedAt();
        }
        if (event instanceof JobCannotFix e) {
            return e.receivedAt();
        }
        throw new IllegalArgumentException("no receipt time in " + event.getClass().getSimpleName());
    }

    private static String detail(FieldEvent event) {
        if (event instanceof JobResolved e) {
            return e.note();
        }
        if (event instanceof JobDeclined e) {
            return e.note() == null ? e.reason() : e.reason() + ": " + e.note();
        }
        if (event instanceof JobCannotFix e) {
            return "needs " + e.neededDepartment() + ": " + e.reason();
        }
        return null;
    }
}
