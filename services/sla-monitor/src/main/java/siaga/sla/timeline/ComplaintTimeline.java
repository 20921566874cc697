package siaga.sla.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/**
 * What the SLA monitor knows of one complaint: when it was reported, its category, department and
 * jurisdiction, the targets in force then, when each stage completed, and which stages were breached.
 * A stage's StageMet has been published exactly when its completion time is set; its StageBreached exactly
 * when it is in {@code breached}. {@code seenEventIds} are the events already folded in, so a redelivered
 * event changes nothing.
 *
 * <p>Every stage runs from the report. Worked example, a fallen tree (targets 5 min, 15 min, 4 h) reported
 * at 10:00:00Z: dispatched at 10:03:00Z is dispatch met in 180000 ms of 300000; if nobody acknowledges, the
 * acknowledge stage is due at 10:15:00Z and breached once the clock is past it; acknowledged at 10:20:00Z it
 * is then met in 1200000 ms, outside its 900000 ms target.
 *
 * <p>Immutable; instances are values in the {@code sla-timeline-by-complaint} store. It deliberately knows
 * nothing of the wall clock: breaching an open stage is the caller's decision ({@link #breach}).
 */
public record ComplaintTimeline(
        String jurisdiction,
        String category,
        String department,
        String correlationId,
        Instant reportedAt,
        StageTargets targets,
        Instant dispatchedAt,
        Instant acknowledgedAt,
        Instant resolvedAt,
        Set<SlaStage> breached,
        List<UUID> seenEventIds) {

    public ComplaintTimeline {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(targets, "targets");
        breached = Set.copyOf(breached);
        seenEventIds = List.copyOf(seenEventIds);
    }

    /**
     * Folds one event of the complaint (any of {@code complaints}, {@code dispatch}, {@code field}) into its
     * timeline, which is null while no report has been seen. Never throws for a bad event; it says why instead:
     * <ul>
     *   <li>an event already folded in (same event id), a stage completed a second time (a re-dispatch, a
     *       second acknowledgement) or an event that completes no stage (queued): no facts, no rejection;</li>
     *   <li>anything before the report, a second report, a report whose jurisdiction or category is not in the
     *       reference data, a stage event after resolution or dated before the report: rejected, not measured;</li>
     *   <li>a stage completed before an earlier one (resolved before acknowledged): rejected, because the
     *       lifecycle is broken, yet measured, because the time from report to this stage is still a fact.</li>
     * </ul>
     * A stage completed after its target that has not been breached yet (the events arrived late, or the
     * monitor was down when the target passed) gets its StageBreached first, so every StageMet outside its
     * target follows exactly one StageBreached.
     */
    public static TimelineStep evolve(ComplaintTimeline timeline, Event<?> event, ReferenceCatalog reference) {
        if (timeline != null && timeline.seenEventIds.contains(event.eventId())) {
            return TimelineStep.of(timeline);
        }
        EventPayload data = event.data();
        if (data instanceof ComplaintReported reported) {
            return report(timeline, event, reported, reference);
        }
        if (timeline == null) {
            return TimelineStep.rejected(null, event.type() + " for complaint " + event.subjectId()
                    + ", which has not been reported");
        }
        if (data instanceof ComplaintDispatched) {
            return timeline.complete(SlaStage.DISPATCH, event);
        }
        if (data instanceof JobAcknowledged) {
            return timeline.complete(SlaStage.ACKNOWLEDGE, event);
        }
        if (data instanceof JobResolved) {
            return timeline.complete(SlaStage.RESOLVE, event);
        }
        return TimelineStep.of(timeline.seen(event.eventId()));
    }

    private static TimelineStep report(ComplaintTimeline timeline, Event<?> event, ComplaintReported reported,
                                       ReferenceCatalog reference) {
        if (timeline != null) {
            return TimelineStep.rejected(timeline.seen(event.eventId()),
                    "complaint " + event.subjectId() + " was already reported by another event");
        }
        Optional<ReferenceData> jurisdiction = reference.find(event.jurisdiction());
        if (jurisdiction.isEmpty()) {
            return TimelineStep.rejected(null, "jurisdiction " + event.jurisdiction() + " is not configured");
        }
        Optional<ReferenceData.Category> category = jurisdiction.get().findCategory(reported.category());
        if (category.isEmpty()) {
            return TimelineStep.rejected(null, "category " + reported.category()
                    + " is not in the reference data of jurisdiction " + event.jurisdiction());
        }
        return TimelineStep.of(new ComplaintTimeline(event.jurisdiction(), reported.category(), reported.department(),
                event.correlationId(), event.occurredAt(), StageTargets.of(category.get().sla()),
                null, null, null, Set.of(), List.of(event.eventId())));
    }

    private TimelineStep complete(SlaStage stage, Event<?> event) {
        ComplaintTimeline seen = seen(event.eventId());
        if (completion(stage) != null) {
            return TimelineStep.of(seen);
        }
        if (resolvedAt != null) {
            return TimelineStep.rejected(seen, event.type() + " after the complaint was resolved; "
                    + stage.wireName() + " is not measured");
        }
        Instant at = event.occurredAt();
        if (at.isBefore(reportedAt)) {
            return TimelineStep.rejected(seen, event.type() + " at " + at + " is before the report at " + reportedAt
                    + "; " + stage.wireName() + " is not measured");
        }
        ComplaintTimeline next = seen.completed(stage, at);
        List<SlaEvent> facts = new ArrayList<>();
        long elapsedMillis = Duration.between(reportedAt, at).toMillis();
        long targetMillis = targets.millis(stage);
        boolean withinTarget = elapsedMillis <= targetMillis;
        if (!withinTarget && !breached.contains(stage)) {
            facts.add(breachOf(stage));
            next = next.breach(stage);
        }
        facts.add(new StageMet(stage, category, department, reportedAt, at, elapsedMillis, targetMillis, withinTarget));
        List<String> skipped = new ArrayList<>();
        for (SlaStage earlier : SlaStage.values()) {
            if (earlier.ordinal() < stage.ordinal() && completion(earlier) == null) {
                skipped.add(completingType(earlier));
            }
        }
        String rejection = skipped.isEmpty() ? null : event.type() + " before " + String.join(" and ", skipped)
                + " breaks the lifecycle; " + stage.wireName() + " measured anyway";
        return new TimelineStep(next, facts, rejection);
    }

    /** When {@code stage} completed, or null while it has not. */
    public Instant completion(SlaStage stage) {
        return switch (stage) {
            case DISPATCH -> dispatchedAt;
            case ACKNOWLEDGE -> acknowledgedAt;
            case RESOLVE -> resolvedAt;
        };
    }

    /** The report plus the stage's target: the stage is breached once the clock is strictly past this. */
    public Instant dueAt(SlaStage stage) {
        return reportedAt.plusMillis(targets.millis(stage));
    }

    /** Stages that can still be breached: not completed, not yet breached, and the complaint not resolved. */
    public Set<SlaStage> pending() {
        EnumSet<SlaStage> pending = EnumSet.noneOf(SlaStage.class);
        if (resolvedAt == null) {
            for (SlaStage stage : SlaStage.values()) {
                if (completion(stage) == null && !breached.contains(stage)) {
                    pending.add(stage);
                }
            }
        }
        return pending;
    }

    /** The fact that {@code stage} passed its target; does not check that it did. */
    public StageBreached breachOf(SlaStage stage) {
        return new StageBreached(stage, category, department, reportedAt, dueAt(stage), targets.millis(stage));
    }

    /** This timeline with {@code stage} recorded as breached. */
    public ComplaintTimeline breach(SlaStage stage) {
        EnumSet<SlaStage> more = EnumSet.of(stage);
        more.addAll(breached);
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, targets,
                dispatchedAt, acknowledgedAt, resolvedAt, more, seenEventIds);
    }

    private ComplaintTimeline completed(SlaStage stage, Instant at) {
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, targets,
                stage == SlaStage.DISPATCH ? at : dispatchedAt,
                stage == SlaStage.ACKNOWLEDGE ? at : acknowledgedAt,
                stage == SlaStage.RESOLVE ? at : resolvedAt,
                breached, seenEventIds);
    }

    private ComplaintTimeline seen(UUID eventId) {
        List<UUID> ids = new ArrayList<>(seenEventIds);
        ids.add(eventId);
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, targets,
                dispatchedAt, acknowledgedAt, resolvedAt, breached, ids);
    }

    private static String completingType(SlaStage stage) {
        return EventTypes.of(switch (stage) {
            case DISPATCH -> ComplaintDispatched.class;
            case ACKNOWLEDGE -> JobAcknowledged.class;
            case RESOLVE -> JobResolved.class;
        }).name();
    }
}
