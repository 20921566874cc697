package siaga.intake.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ClockResumed;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintPriorityChanged;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;

/**
 * A complaint as the operator sees it now: the report, the latest status, the crew on it and the timeline of
 * status changes. It is both the value of the {@code complaint-view-by-id} store and the body of
 * {@code GET /api/complaints/{id}}; absent values (no crew yet) are left out of the JSON. {@code priority} follows
 * priority changes; {@code pausedFor} is the reason the SLA clocks stand paused, absent while they run.
 *
 * <p>A complaint's events come from three topics (complaints, dispatch, field), and Kafka orders records only
 * within one partition of one topic, so the view may see a crew's acknowledgement before the dispatch that
 * caused it, or a dispatch before the report. The fold is therefore built to give the same result in any
 * order: the report's fields fill in whenever it arrives, the status only ever moves forward, the timeline is
 * kept sorted by {@code occurredAt}, and {@code updatedAt} is the latest {@code occurredAt} seen. Replaying an
 * event (same event id) changes nothing. Until the report has been seen the view is
 * {@linkplain #isReported() incomplete} and is not shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComplaintView(
        String id,
        String ticket,
        String jurisdiction,
        String category,
        String department,
        Integer priority,
        GeoPoint location,
        String district,
        String kelurahan,
        String channel,
        String address,
        String description,
        Reporter reporter,
        ComplaintStatus status,
        String crewId,
        Instant reportedAt,
        Instant updatedAt,
        List<StatusChange> timeline,
        String mediaUrl,
        String pausedFor) {

    public ComplaintView {
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** The view after {@code event}; {@code view} is null for a complaint not seen before. */
    public static ComplaintView evolve(ComplaintView view, Event<? extends EventPayload> event) {
        ComplaintView current = view != null ? view : new ComplaintView(event.subjectId(), null, event.jurisdiction(),
                null, null, null, null, null, null, null, null, null, null, ComplaintStatus.REPORTED, null, null,
                event.occurredAt(), List.of(), null, null);
        if (current.timeline.stream().anyMatch(c -> c.eventId().equals(event.eventId().toString()))) {
            return current;
        }
        EventPayload data = event.data();
        if (data instanceof ComplaintReported r) {
            return new ComplaintView(current.id, r.ticket(), event.jurisdiction(), r.category(), r.department(),
                    r.priority(), r.location(), r.district(), r.kelurahan(), r.channel(), r.address(), r.description(),
                    r.reporter(), current.status, current.crewId, event.occurredAt(), current.later(event),
                    current.withStep(ComplaintStatus.REPORTED, event), r.mediaUrl(), current.pausedFor);
        }
        if (data instanceof ComplaintQueued) {
            return current.movedTo(ComplaintStatus.QUEUED, null, event);
        }
        if (data instanceof ComplaintDispatched d) {
            return current.movedTo(ComplaintStatus.DISPATCHED, d.crewId(), event);
        }
        if (data instanceof ComplaintReassigned r) {
            return current.movedTo(ComplaintStatus.DISPATCHED, r.toCrewId(), event);
        }
        if (data instanceof ComplaintMerged) {
            return current.movedTo(ComplaintStatus.MERGED, null, event);
        }
        if (data instanceof JobAcknowledged a) {
            return current.movedTo(ComplaintStatus.ACKNOWLEDGED, a.crewId(), event);
        }
        if (data instanceof JobEnRoute e) {
            return current.movedTo(ComplaintStatus.EN_ROUTE, e.crewId(), event);
        }
        if (data instanceof JobOnScene o) {
            return current.movedTo(ComplaintStatus.ON_SCENE, o.crewId(), event);
        }
        if (data instanceof JobResolved r) {
            return current.movedTo(ComplaintStatus.RESOLVED, r.crewId(), event);
        }
        if (data instanceof ComplaintClosed) {
            return current.movedTo(ComplaintStatus.CLOSED, null, event);
        }
        if (data instanceof ComplaintCancelled) {
            return current.movedTo(ComplaintStatus.CANCELLED, null, event);
        }
        if (data instanceof ComplaintPriorityChanged p) {
            return current.with(p.to(), current.pausedFor, event);
        }
        if (data instanceof ClockPaused p) {
            return current.with(current.priority, current.status.isOpen() ? p.reason() : null, event);
        }
        if (data instanceof ClockResumed) {
            return current.with(current.priority, null, event);
        }
        // a fact that moves no status (a note, an escalation, a decline) still counts as activity
        return current.withUpdatedAt(current.later(event));
    }

    /** Whether the complaint's report has been folded in; only then is the view complete enough to show. */
    @JsonIgnore
    public boolean isReported() {
        return ticket != null;
    }

    /**
     * Forward only; at the same status the newest event names the crew, so a re-dispatch to another crew shows
     * the new one while a stale duplicate of the old dispatch does not bring the old one back. Every status event
     * enters the timeline, even one that arrives after a later status.
     */
    private ComplaintView movedTo(ComplaintStatus next, String crew, Event<?> event) {
        List<StatusChange> steps = withStep(next, event);
        boolean forward = next.isAfter(status);
        boolean newestAtThisStatus = next == status && !event.occurredAt().isBefore(updatedAt);
        if (!forward && !newestAtThisStatus) {
            return new ComplaintView(id, ticket, jurisdiction, category, department, priority, location, district,
                    kelurahan, channel, address, description, reporter, status, crewId, reportedAt, later(event), steps,
                    mediaUrl, pausedFor);
        }
        String newCrew = crew != null ? crew : crewId;
        return new ComplaintView(id, ticket, jurisdiction, category, department, priority, location, district,
                kelurahan, channel, address, description, reporter, next, newCrew, reportedAt, later(event), steps,
                mediaUrl, next.isOpen() ? pausedFor : null);
    }

    private List<StatusChange> withStep(ComplaintStatus step, Event<?> event) {
        List<StatusChange> steps = new ArrayList<>(timeline);
        steps.add(new StatusChange(step, event.occurredAt(), event.eventId().toString()));
        steps.sort(Comparator.comparing(StatusChange::at).thenComparing(StatusChange::status));
        return steps;
    }

    private ComplaintView withUpdatedAt(Instant at) {
        return new ComplaintView(id, ticket, jurisdiction, category, department, priority, location, district,
                kelurahan, channel, address, description, reporter, status, crewId, reportedAt, at, timeline,
                mediaUrl, pausedFor);
    }

    private ComplaintView with(Integer newPriority, String newPausedFor, Event<?> event) {
        return new ComplaintView(id, ticket, jurisdiction, category, department, newPriority, location, district,
                kelurahan, channel, address, description, reporter, status, crewId, reportedAt, later(event), timeline,
                mediaUrl, newPausedFor);
    }

    /** The view without the reporter's name, phone and email, for staff who may not see personal data. */
    public ComplaintView withoutReporter() {
        return new ComplaintView(id, ticket, jurisdiction, category, department, priority, location, district,
                kelurahan, channel, address, description, null, status, crewId, reportedAt, updatedAt, timeline,
                mediaUrl, pausedFor);
    }

    /** Whether its SLA clocks stand paused now. */
    @JsonIgnore
    public boolean isPaused() {
        return pausedFor != null;
    }

    private Instant later(Event<?> event) {
        return updatedAt == null || event.occurredAt().isAfter(updatedAt) ? event.occurredAt() : updatedAt;
    }
}
