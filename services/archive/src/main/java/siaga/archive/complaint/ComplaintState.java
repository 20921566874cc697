package siaga.archive.complaint;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.ComplaintSplit;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.SupervisorAlerted;

/**
 * The current state of one complaint, as a row of {@code complaint_state}: a pure fold over its lifecycle
 * events ({@link #evolve}). Events from the sla and crews topics do not change it.
 *
 * <p>The archive reads complaints, dispatch and field independently, so a complaint's events reach the fold in
 * any order. The fold is therefore order-independent: every column is the earliest, the latest, the largest or
 * the sum of what the events say, and {@link #status} is derived from those columns, not moved step by step:
 * <ol>
 *   <li>cancelled, closed, resolved, in that order, as soon as such an event is folded: they are final;</li>
 *   <li>merged, when the latest merge is later than the latest split;</li>
 *   <li>declined or cannot-fix, when the latest of those is later than the latest dispatch or reassignment:
 *       a queue in between does not change it, the job waits for the next dispatch;</li>
 *   <li>when dispatched (or reassigned) later than the latest queue: acknowledged when the crew took the job up
 *       (acknowledgement, en route or on scene) at or after that dispatch, else dispatched;</li>
 *   <li>queued when ever queued, else reported.</li>
 * </ol>
 * So the status moves back only where the lifecycle does: a re-dispatch after a decline or cannot-fix, a queue
 * after a crew handed its job back, a split after a merge. Times compared across topics are server times: a
 * field event's receipt time ({@code receivedAt}), since its {@code occurredAt} is the crew's device clock.
 * Example: dispatched to dishub-1 at 10:00, acknowledged 10:05, cannot-fix received 10:30, queued for DLH at
 * 10:30, dispatched to dlh-1 at 10:40. Folded in that order the status goes dispatched, acknowledged,
 * cannot-fix, cannot-fix, dispatched; folded in any other order it ends dispatched as well (crew dlh-1,
 * dispatchedAt 10:40, acknowledgedAt 10:05: the first acknowledgement), since the 10:05 acknowledgement is
 * older than the 10:40 dispatch. Had dlh-1 acknowledged at 10:45 it would be acknowledged, whichever came first.
 *
 * <p>Times: {@code dispatchedAt} and {@code crewId} are the latest dispatch or reassignment's; acknowledgement,
 * en route, on scene, resolution, closing and cancellation keep the earliest (event time); {@code queuedAt},
 * {@code mergedAt}/{@code mergedInto} (kept after a split), {@code splitAt} the latest; {@code declinedAt},
 * {@code cannotFixAt} and {@code takenUpAt} the latest receipt time. {@code escalations} is the highest
 * escalation number seen. {@code notes} and {@code declines} count events: they are exact because the archive
 * folds each event id once (folding one event twice counts it twice). {@code updatedAt}/{@code lastEventId}
 * follow the event that happened last (ties: the larger id).
 *
 * <p>Everything except {@code complaintId} and the counts is null in the {@link #initial} state; {@code ticket},
 * category, district, priority and {@code reporterPhone} stay null until the report is folded in.
 * {@code district} is the kecamatan the report placed the complaint in (null where it could not, and on reports
 * of version 1, which carry none); {@code reporterPhone} is the reporter's number as
 * {@link ReporterPhone#normalize} stores it; {@code cancelReason} is the operator's text, not shown by search.
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
        Instant queuedAt,
        Instant dispatchedAt,
        Instant acknowledgedAt,
        Instant enRouteAt,
        Instant onSceneAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant cancelledAt,
        String cancelReason,
        Instant mergedAt,
        String mergedInto,
        Instant splitAt,
        Instant declinedAt,
        int declines,
        Instant cannotFixAt,
        Instant takenUpAt,
        int escalations,
        Instant supervisorAlertedAt,
        int notes,
        Instant updatedAt,
        UUID lastEventId) {

    public ComplaintState {
        Objects.requireNonNull(complaintId, "complaintId");
    }

    /** A complaint of which no lifecycle event has been folded in yet. */
    public static ComplaintState initial(UUID complaintId) {
        return new Next(complaintId).build(null);
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
        if (!concerns(event)) {
            return this;
        }
        Instant at = event.occurredAt();
        Next n = new Next(this);
        Object data = event.data();
        if (data instanceof ComplaintReported reported) {
            n.ticket = reported.ticket();
            n.category = reported.category();
            n.department = reported.department();
            n.district = reported.district();
            n.priority = reported.priority();
            n.reporterPhone = ReporterPhone.normalize(reported.reporter().phone());
            n.reportedAt = at;
        } else if (data instanceof ComplaintCancelled cancelled) {
            if (cancelledAt == null || at.isBefore(cancelledAt)) {
                n.cancelledAt = at;
                n.cancelReason = cancelled.reason();
            }
        } else if (data instanceof ComplaintClosed) {
            n.closedAt = earliest(closedAt, at);
        } else if (data instanceof NoteAdded) {
            n.notes++;
        } else if (data instanceof ComplaintSplit) {
            n.splitAt = latest(splitAt, at);
        } else if (data instanceof ComplaintQueued queued) {
            n.department = department == null ? queued.department() : department;
            n.queuedAt = latest(queuedAt, at);
        } else if (data instanceof ComplaintDispatched dispatched) {
            n.department = department == null ? dispatched.department() : department;
            n.assign(dispatched.crewId(), at);
        } else if (data instanceof ComplaintReassigned reassigned) {
            n.department = department == null ? reassigned.department() : department;
            n.assign(reassigned.toCrewId(), at);
        } else if (data instanceof ComplaintMerged merged) {
            if (mergedAt == null || at.isAfter(mergedAt)
                    || at.equals(mergedAt) && merged.intoComplaintId().compareTo(mergedInto) > 0) {
                n.mergedAt = at;
                n.mergedInto = merged.intoComplaintId();
            }
        } else if (data instanceof ComplaintEscalated escalated) {
            n.escalations = Math.max(escalations, escalated.escalation());
        } else if (data instanceof SupervisorAlerted alerted) {
            n.escalations = Math.max(escalations, alerted.escalations());
            n.supervisorAlertedAt = earliest(supervisorAlertedAt, at);
        } else if (data instanceof FieldEvent job) {
            // the crew comes from the dispatch; a job event only names it when no dispatch has been folded in yet
            n.crewId = crewId == null ? job.crewId() : crewId;
            if (job instanceof JobAcknowledged acknowledged) {
                n.acknowledgedAt = earliest(acknowledgedAt, at);
                n.takenUpAt = latest(takenUpAt, acknowledged.receivedAt());
            } else if (job instanceof JobEnRoute enRoute) {
                n.enRouteAt = earliest(enRouteAt, at);
                n.takenUpAt = latest(takenUpAt, enRoute.receivedAt());
            } else if (job instanceof JobOnScene onScene) {
                n.onSceneAt = earliest(onSceneAt, at);
                n.takenUpAt = latest(takenUpAt, onScene.receivedAt());
            } else if (job instanceof JobResolved) {
                n.resolvedAt = earliest(resolvedAt, at);
            } else if (job instanceof JobDeclined declined) {
                n.declines++;
                n.declinedAt = latest(declinedAt, declined.receivedAt());
            } else if (job instanceof JobCannotFix cannotFix) {
                n.cannotFixAt = latest(cannotFixAt, cannotFix.receivedAt());
            }
        }
        if (n.jurisdiction == null) {
            n.jurisdiction = event.jurisdiction();
        }
        if (updatedAt == null || at.isAfter(updatedAt) || at.equals(updatedAt) && event.eventId().compareTo(lastEventId) > 0) {
            n.updatedAt = at;
            n.lastEventId = event.eventId();
        }
        return n.build(n.status());
    }

    private static Instant earliest(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    private static boolean after(Instant time, Instant other) {
        return other == null || time.isAfter(other);
    }

    /** A state being evolved: the fields of the record, mutable. */
    private static final class Next {
        final UUID complaintId;
        String ticket;
        String jurisdiction;
        String category;
        String department;
        String district;
        Integer priority;
        String crewId;
        String reporterPhone;
        Instant reportedAt;
        Instant queuedAt;
        Instant dispatchedAt;
        Instant acknowledgedAt;
        Instant enRouteAt;
        Instant onSceneAt;
        Instant resolvedAt;
        Instant closedAt;
        Instant cancelledAt;
        String cancelReason;
        Instant mergedAt;
        String mergedInto;
        Instant splitAt;
        Instant declinedAt;
        int declines;
        Instant cannotFixAt;
        Instant takenUpAt;
        int escalations;
        Instant supervisorAlertedAt;
        int notes;
        Instant updatedAt;
        UUID lastEventId;

        Next(UUID complaintId) {
            this.complaintId = complaintId;
        }

        Next(ComplaintState s) {
            complaintId = s.complaintId;
            ticket = s.ticket;
            jurisdiction = s.jurisdiction;
            category = s.category;
            department = s.department;
            district = s.district;
            priority = s.priority;
            crewId = s.crewId;
            reporterPhone = s.reporterPhone;
            reportedAt = s.reportedAt;
            queuedAt = s.queuedAt;
            dispatchedAt = s.dispatchedAt;
            acknowledgedAt = s.acknowledgedAt;
            enRouteAt = s.enRouteAt;
            onSceneAt = s.onSceneAt;
            resolvedAt = s.resolvedAt;
            closedAt = s.closedAt;
            cancelledAt = s.cancelledAt;
            cancelReason = s.cancelReason;
            mergedAt = s.mergedAt;
            mergedInto = s.mergedInto;
            splitAt = s.splitAt;
            declinedAt = s.declinedAt;
            declines = s.declines;
            cannotFixAt = s.cannotFixAt;
            takenUpAt = s.takenUpAt;
            escalations = s.escalations;
            supervisorAlertedAt = s.supervisorAlertedAt;
            notes = s.notes;
            updatedAt = s.updatedAt;
            lastEventId = s.lastEventId;
        }

        // the latest dispatch or reassignment names the crew; of two at the same instant, the larger crew id
        void assign(String crew, Instant at) {
            if (dispatchedAt == null || at.isAfter(dispatchedAt) || at.equals(dispatchedAt) && crew.compareTo(crewId) > 0) {
                dispatchedAt = at;
                crewId = crew;
            }
        }

        ComplaintStatus status() {
            if (cancelledAt != null) {
                return ComplaintStatus.CANCELLED;
            }
            if (closedAt != null) {
                return ComplaintStatus.CLOSED;
            }
            if (resolvedAt != null) {
                return ComplaintStatus.RESOLVED;
            }
            if (mergedAt != null && after(mergedAt, splitAt)) {
                return ComplaintStatus.MERGED;
            }
            // a crew taking a job up says it was dispatched, even before the dispatch is folded in
            Instant assigned = dispatchedAt == null ? takenUpAt : dispatchedAt;
            Instant interrupted = cannotFixAt == null ? declinedAt : latest(declinedAt, cannotFixAt);
            if (interrupted != null && after(interrupted, assigned)) {
                return interrupted.equals(cannotFixAt) ? ComplaintStatus.CANNOT_FIX : ComplaintStatus.DECLINED;
            }
            if (assigned != null && (queuedAt == null || !queuedAt.isAfter(assigned))) {
                return takenUpAt != null && !takenUpAt.isBefore(assigned)
                        ? ComplaintStatus.ACKNOWLEDGED : ComplaintStatus.DISPATCHED;
            }
            return queuedAt != null ? ComplaintStatus.QUEUED : ComplaintStatus.REPORTED;
        }

        ComplaintState build(ComplaintStatus status) {
            return new ComplaintState(complaintId, ticket, jurisdiction, category, department, district, priority,
                    status, crewId, reporterPhone, reportedAt, queuedAt, dispatchedAt, acknowledgedAt, enRouteAt,
                    onSceneAt, resolvedAt, closedAt, cancelledAt, cancelReason, mergedAt, mergedInto, splitAt,
                    declinedAt, declines, cannotFixAt, takenUpAt, escalations, supervisorAlertedAt, notes, updatedAt,
                    lastEventId);
        }
    }
}
