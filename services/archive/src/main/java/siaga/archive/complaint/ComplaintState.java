package siaga.archive.complaint;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;

/**
 * The current state of one complaint, as a row of {@code complaint_state}: a pure fold over its lifecycle
 * events ({@link #evolve}). Events from the sla and crews topics do not change it.
 *
 * <p>The archive reads complaints, dispatch and field independently, so a complaint's events reach the fold
 * in any order, and a replay may repeat one. The fold is therefore order-independent and idempotent: the
 * status only moves forward, each time keeps the earliest acknowledgement and resolution and the latest
 * dispatch (with its crew), and {@code updatedAt}/{@code lastEventId} follow the event that happened last.
 * For example ComplaintDispatched (10:02) folded before ComplaintReported (10:00) still gives status
 * dispatched, reportedAt 10:00, dispatchedAt 10:02, updatedAt 10:02.
 *
 * <p>Everything except {@code complaintId} is null in the {@link #initial} state; {@code ticket}, category,
 * district, priority and {@code reporterPhone} stay null until the report is folded in. {@code district} is the
 * kecamatan the report placed the complaint in (null where it could not, and on reports of version 1, which
 * carry none); {@code reporterPhone} is the reporter's number as {@link ReporterPhone#normalize} stores it.
 */
public record ComplaintState(
        UUID complaintId,
        String ticket,
        String jurisdiction,
        String category,
        String department,
        String district,
        Integer priority,
        ComplaintStatus status,
        String crewId,
        String reporterPhone,
        Instant reportedAt,
        Instant dispatchedAt,
        Instant acknowledgedAt,
        Instant resolvedAt,
        Instant updatedAt,
        UUID lastEventId) {

    public ComplaintState {
        Objects.requireNonNull(complaintId, "complaintId");
    }

    /** A complaint of which no lifecycle event has been folded in yet. */
    public static ComplaintState initial(UUID complaintId) {
        return new ComplaintState(complaintId, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** Whether any lifecycle event has been folded in, that is whether this state is worth a row. */
    public boolean exists() {
        return status != null;
    }

    /** Whether {@code event} is part of a complaint's lifecycle, that is whether {@link #evolve} may change a state. */
    public static boolean concerns(Event<?> event) {
        return event.data() instanceof ComplaintEvent || event.data() instanceof DispatchEvent
                || event.data() instanceof FieldEvent;
    }

    /** The state after {@code event}; the same instance when the event does not concern the lifecycle. */
    public ComplaintState evolve(Event<?> event) {
        Instant at = event.occurredAt();
        ComplaintStatus reached;
        ComplaintState next;
        if (event.data() instanceof ComplaintReported reported) {
            reached = ComplaintStatus.REPORTED;
            next = new ComplaintState(complaintId, reported.ticket(), jurisdiction, reported.category(),
                    reported.department(), reported.district(), reported.priority(), status, crewId,
                    ReporterPhone.normalize(reported.reporter().phone()), at, dispatchedAt, acknowledgedAt,
                    resolvedAt, updatedAt, lastEventId);
        } else if (event.data() instanceof ComplaintQueued queued) {
            reached = ComplaintStatus.QUEUED;
            next = new ComplaintState(complaintId, ticket, jurisdiction, category,
                    department == null ? queued.department() : department, district, priority, status, crewId,
                    reporterPhone, reportedAt, dispatchedAt, acknowledgedAt, resolvedAt, updatedAt, lastEventId);
        } else if (event.data() instanceof ComplaintDispatched dispatched) {
            reached = ComplaintStatus.DISPATCHED;
            boolean latest = dispatchedAt == null || !at.isBefore(dispatchedAt);
            next = new ComplaintState(complaintId, ticket, jurisdiction, category,
                    department == null ? dispatched.department() : department, district, priority, status,
                    latest ? dispatched.crewId() : crewId, reporterPhone, reportedAt, latest ? at : dispatchedAt,
                    acknowledgedAt, resolvedAt, updatedAt, lastEventId);
        } else if (event.data() instanceof JobAcknowledged acknowledged) {
            reached = ComplaintStatus.ACKNOWLEDGED;
            next = afterJob(acknowledged, earliest(acknowledgedAt, at), resolvedAt);
        } else if (event.data() instanceof JobResolved resolved) {
            reached = ComplaintStatus.RESOLVED;
            next = afterJob(resolved, acknowledgedAt, earliest(resolvedAt, at));
        } else {
            return this;
        }
        boolean last = isLater(at, reached, event.eventId());
        return new ComplaintState(complaintId, next.ticket,
                next.jurisdiction == null ? event.jurisdiction() : next.jurisdiction, next.category,
                next.department, next.district, next.priority, ComplaintStatus.furthest(status, reached), next.crewId,
                next.reporterPhone, next.reportedAt, next.dispatchedAt, next.acknowledgedAt, next.resolvedAt,
                last ? at : updatedAt, last ? event.eventId() : lastEventId);
    }

    // whether an event happened after the last one folded in; ties go to the further stage, then the larger id,
    // so that the outcome does not depend on the order in which the two are folded
    private boolean isLater(Instant at, ComplaintStatus reached, UUID eventId) {
        if (updatedAt == null) {
            return true;
        }
        if (!at.equals(updatedAt)) {
            return at.isAfter(updatedAt);
        }
        if (reached != status) {
            return reached.compareTo(status) > 0;
        }
        return eventId.compareTo(lastEventId) >= 0;
    }

    // the crew comes from the dispatch; a job event only names it when the dispatch has not been folded in yet
    private ComplaintState afterJob(FieldEvent job, Instant acknowledged, Instant resolved) {
        return new ComplaintState(complaintId, ticket, jurisdiction, category, department, district, priority,
                status, crewId == null ? job.crewId() : crewId, reporterPhone,
                reportedAt, dispatchedAt, acknowledged, resolved, updatedAt, lastEventId);
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }
}
