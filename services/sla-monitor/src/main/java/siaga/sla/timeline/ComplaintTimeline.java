package siaga.sla.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.sla.calendar.WorkingTime;

/**
 * What the SLA monitor knows of one complaint: when it was reported, its category, department, jurisdiction,
 * district and current crew, the SLA policy in force then (targets for its priority, calendar, policy version,
 * and the deadlines they give), when each stage completed, which stages were warned (at risk) and breached, and
 * whether its clocks were stopped (cancelled, merged into another complaint).
 *
 * <p>Published facts follow the timeline: a stage's StageMet (or StageCorrected) has been published exactly when
 * its completion time is set; its StageAtRisk when it is in {@code atRisk}; its StageBreached when it is in
 * {@code breaches}, which keeps that event's id so that a later correction can name it. {@code seenEventIds}
 * are the events already folded in, so a redelivered event changes nothing.
 *
 * <p>Every stage runs from the report. Worked example, a fallen tree (24/7; targets 5 min, 15 min, 4 h) reported
 * at 10:00:00Z: dispatched at 10:03:00Z is dispatch met in 180000 ms of 300000; if nobody acknowledges, the
 * acknowledge stage is at risk from 10:12:00Z, due at 10:15:00Z and breached once the clock is past it;
 * acknowledged at 10:20:00Z it is then met in 1200000 ms, outside its 900000 ms target. Had the crew's phone been
 * offline, and the acknowledgement arrived at 10:20 dated 10:14 on the device, the stage is corrected: met within
 * target, replacing the breach. On a working-hours category the deadlines come from the jurisdiction's calendar
 * (see {@link WorkingTime}) while {@code elapsedMillis} stays the elapsed time the citizen waited.
 *
 * <p>Immutable; instances are values in the {@code sla-timeline-by-complaint} store. It deliberately knows
 * nothing of the wall clock: warning and breaching an open stage are the caller's decisions.
 */
public record ComplaintTimeline(
        String jurisdiction,
        String category,
        String department,
        String correlationId,
        Instant reportedAt,
        int priority,
        int policyVersion,
        String slaCalendar,
        StageTargets targets,
        StageDeadlines deadlines,
        String district,
        String crewId,
        Instant dispatchedAt,
        Instant acknowledgedAt,
        Instant resolvedAt,
        Set<SlaStage> atRisk,
        Map<SlaStage, UUID> breaches,
        Instant stoppedAt,
        String stopReason,
        List<UUID> seenEventIds) {

    public static final String CANCELLED = "cancelled";
    public static final String MERGED = "merged";
    /** The stages this monitor measures today; the others (arrive, administrative) have no clock here yet. */
    public static final Set<SlaStage> MEASURED = EnumSet.of(SlaStage.DISPATCH, SlaStage.ACKNOWLEDGE, SlaStage.RESOLVE);

    public ComplaintTimeline {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(slaCalendar, "slaCalendar");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(deadlines, "deadlines");
        atRisk = atRisk.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(atRisk));
        breaches = Map.copyOf(breaches);
        seenEventIds = List.copyOf(seenEventIds);
    }

    /**
     * Folds one event of the complaint (any of {@code complaints}, {@code dispatch}, {@code field}) into its
     * timeline, which is null while no report has been seen. Never throws for a bad event; it says why instead:
     * <ul>
     *   <li>an event already folded in (same event id), a stage completed a second time (a re-dispatch, a
     *       reassignment, a second acknowledgement), an event that completes no stage (queued), or a stage event
     *       after the clocks stopped (cancelled, merged): no facts, no rejection;</li>
     *   <li>anything before the report, a second report, a report whose jurisdiction or category is not in the
     *       reference data, a stage event after resolution or dated before the report: rejected, not measured;</li>
     *   <li>a stage completed before an earlier one (resolved before acknowledged): rejected, because the
     *       lifecycle is broken, yet measured, because the time from report to this stage is still a fact.</li>
     * </ul>
     * A stage completed after its due moment that has not been breached yet (the events arrived late, or the
     * monitor was down when the target passed) gets its StageBreached first, so every StageMet outside its
     * target follows exactly one StageBreached. A stage breached live whose completion turns out to be dated
     * (envelope {@code occurredAt}, the device's time for field events) within its due moment gets a
     * StageCorrected naming the breach instead of a StageMet.
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
        ComplaintTimeline seen = timeline.seen(event.eventId());
        if (data instanceof ComplaintDispatched dispatched) {
            return seen.assignedTo(dispatched.crewId()).complete(SlaStage.DISPATCH, event);
        }
        if (data instanceof ComplaintReassigned reassigned) {
            return TimelineStep.of(seen.assignedTo(reassigned.toCrewId()));
        }
        if (data instanceof JobAcknowledged) {
            return seen.complete(SlaStage.ACKNOWLEDGE, event);
        }
        if (data instanceof JobResolved) {
            return seen.complete(SlaStage.RESOLVE, event);
        }
        if (data instanceof ComplaintCancelled) {
            return TimelineStep.of(seen.stop(event.occurredAt(), CANCELLED));
        }
        if (data instanceof ComplaintMerged) {
            return TimelineStep.of(seen.stop(event.occurredAt(), MERGED));
        }
        return TimelineStep.of(seen);
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
        Optional<ReferenceData.Category> found = jurisdiction.get().findCategory(reported.category());
        if (found.isEmpty()) {
            return TimelineStep.rejected(null, "category " + reported.category()
                    + " is not in the reference data of jurisdiction " + event.jurisdiction());
        }
        ReferenceData.Category category = found.get();
        StageTargets targets = StageTargets.of(category.targetsFor(reported.priority()));
        WorkingTime clock = WorkingTime.forCategory(jurisdiction.get().jurisdiction(), category);
        return TimelineStep.of(new ComplaintTimeline(event.jurisdiction(), reported.category(), reported.department(),
                event.correlationId(), event.occurredAt(), reported.priority(), category.policyVersion(),
                category.slaCalendar(), targets, StageDeadlines.of(event.occurredAt(), targets, clock),
                reported.district(), null, null, null, null, Set.of(), Map.of(), null, null, List.of(event.eventId())));
    }

    private TimelineStep complete(SlaStage stage, Event<?> event) {
        if (completion(stage) != null || stoppedAt != null) {
            return TimelineStep.of(this);
        }
        if (resolvedAt != null) {
            return TimelineStep.rejected(this, event.type() + " after the complaint was resolved; "
                    + stage.wireName() + " is not measured");
        }
        Instant at = event.occurredAt();
        if (at.isBefore(reportedAt)) {
            return TimelineStep.rejected(this, event.type() + " at " + at + " is before the report at " + reportedAt
                    + "; " + stage.wireName() + " is not measured");
        }
        ComplaintTimeline next = completed(stage, at);
        List<SlaEvent> facts = new ArrayList<>();
        long elapsedMillis = Duration.between(reportedAt, at).toMillis();
        long targetMillis = targets.millis(stage);
        boolean withinTarget = !at.isAfter(dueAt(stage));
        UUID breach = breaches.get(stage);
        if (withinTarget && breach != null) {
            facts.add(new StageCorrected(stage, category, department, reportedAt, at, elapsedMillis, targetMillis, true, breach));
        } else {
            if (!withinTarget && breach == null) {
                facts.add(breachOf(stage));
                next = next.breach(stage, factId(event.subjectId(), StageBreached.class, stage));
            }
            facts.add(new StageMet(stage, category, department, reportedAt, at, elapsedMillis, targetMillis, withinTarget));
        }
        List<String> skipped = new ArrayList<>();
        for (SlaStage earlier : MEASURED) {
            if (earlier.ordinal() < stage.ordinal() && completion(earlier) == null) {
                skipped.add(completingType(earlier));
            }
        }
        String rejection = skipped.isEmpty() ? null : event.type() + " before " + String.join(" and ", skipped)
                + " breaks the lifecycle; " + stage.wireName() + " measured anyway";
        return new TimelineStep(next, facts, rejection);
    }

    /**
     * The id of the one fact of type {@code type} about {@code stage} of complaint {@code complaintId}: derived,
     * not random, so that however often a fact is computed (a replay, a restart) it is the same event.
     */
    public static UUID factId(String complaintId, Class<? extends SlaEvent> type, SlaStage stage) {
        String name = "sla|" + complaintId + "|" + EventTypes.of(type).name() + "|" + stage.wireName();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** When {@code stage} completed, or null while it has not. */
    public Instant completion(SlaStage stage) {
        return switch (stage) {
            case DISPATCH -> dispatchedAt;
            case ACKNOWLEDGE -> acknowledgedAt;
            case RESOLVE -> resolvedAt;
            default -> throw notMeasured(stage);
        };
    }

    /** The stage is breached once the clock is strictly past this. */
    public Instant dueAt(SlaStage stage) {
        return deadlines.of(stage).dueAt();
    }

    /** Neither resolved nor stopped: it counts in the backlog. */
    @JsonIgnore
    public boolean isOpen() {
        return resolvedAt == null && stoppedAt == null;
    }

    /** Stages that can still be warned or breached: not completed, not yet breached, and the complaint open. */
    public Set<SlaStage> pending() {
        EnumSet<SlaStage> pending = EnumSet.noneOf(SlaStage.class);
        if (isOpen()) {
            for (SlaStage stage : MEASURED) {
                if (completion(stage) == null && !breaches.containsKey(stage)) {
                    pending.add(stage);
                }
            }
        }
        return pending;
    }

    /** For each pending stage, the next moment the wall clock must look at it: at risk until warned, then due. */
    public Map<SlaStage, Instant> alarms() {
        Map<SlaStage, Instant> alarms = new EnumMap<>(SlaStage.class);
        for (SlaStage stage : pending()) {
            StageDeadlines.Deadline deadline = deadlines.of(stage);
            alarms.put(stage, atRisk.contains(stage) ? deadline.dueAt() : deadline.atRiskAt());
        }
        return alarms;
    }

    /** The value of each dimension this complaint has (no crew before the first dispatch, no kecamatan if unplaced). */
    public Map<Dimension, String> dimensions() {
        Map<Dimension, String> values = new EnumMap<>(Dimension.class);
        values.put(Dimension.JURISDICTION, jurisdiction);
        values.put(Dimension.DEPARTMENT, department);
        values.put(Dimension.CATEGORY, category);
        if (crewId != null) {
            values.put(Dimension.CREW, crewId);
        }
        if (district != null) {
            values.put(Dimension.KECAMATAN, district);
        }
        return values;
    }

    /** The fact that {@code stage} passed its due moment; does not check that it did. */
    public StageBreached breachOf(SlaStage stage) {
        return new StageBreached(stage, category, department, reportedAt, dueAt(stage), targets.millis(stage));
    }

    /** The warning that 80% of {@code stage}'s target has passed; does not check that it has. */
    public StageAtRisk atRiskOf(SlaStage stage) {
        return new StageAtRisk(stage, category, department, reportedAt, dueAt(stage), targets.millis(stage));
    }

    /** This timeline with {@code stage} recorded as breached by the event {@code eventId}. */
    public ComplaintTimeline breach(SlaStage stage, UUID eventId) {
        Map<SlaStage, UUID> more = new EnumMap<>(SlaStage.class);
        more.putAll(breaches);
        more.put(stage, eventId);
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, priority, policyVersion,
                slaCalendar, targets, deadlines, district, crewId, dispatchedAt, acknowledgedAt, resolvedAt, atRisk, more,
                stoppedAt, stopReason, seenEventIds);
    }

    /** This timeline with {@code stage} recorded as warned. */
    public ComplaintTimeline warn(SlaStage stage) {
        EnumSet<SlaStage> more = EnumSet.of(stage);
        more.addAll(atRisk);
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, priority, policyVersion,
                slaCalendar, targets, deadlines, district, crewId, dispatchedAt, acknowledgedAt, resolvedAt, more, breaches,
                stoppedAt, stopReason, seenEventIds);
    }

    private ComplaintTimeline completed(SlaStage stage, Instant at) {
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, priority, policyVersion,
                slaCalendar, targets, deadlines, district, crewId,
                stage == SlaStage.DISPATCH ? at : dispatchedAt,
                stage == SlaStage.ACKNOWLEDGE ? at : acknowledgedAt,
                stage == SlaStage.RESOLVE ? at : resolvedAt,
                atRisk, breaches, stoppedAt, stopReason, seenEventIds);
    }

    private ComplaintTimeline assignedTo(String crew) {
        if (!isOpen()) {
            return this;
        }
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, priority, policyVersion,
                slaCalendar, targets, deadlines, district, crew, dispatchedAt, acknowledgedAt, resolvedAt, atRisk, breaches,
                stoppedAt, stopReason, seenEventIds);
    }

    private ComplaintTimeline stop(Instant at, String reason) {
        if (!isOpen()) {
            return this;
        }
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, priority, policyVersion,
                slaCalendar, targets, deadlines, district, crewId, dispatchedAt, acknowledgedAt, resolvedAt, atRisk, breaches,
                at, reason, seenEventIds);
    }

    private ComplaintTimeline seen(UUID eventId) {
        List<UUID> ids = new ArrayList<>(seenEventIds);
        ids.add(eventId);
        return new ComplaintTimeline(jurisdiction, category, department, correlationId, reportedAt, priority, policyVersion,
                slaCalendar, targets, deadlines, district, crewId, dispatchedAt, acknowledgedAt, resolvedAt, atRisk, breaches,
                stoppedAt, stopReason, ids);
    }

    private static String completingType(SlaStage stage) {
        return EventTypes.of(switch (stage) {
            case DISPATCH -> ComplaintDispatched.class;
            case ACKNOWLEDGE -> JobAcknowledged.class;
            case RESOLVE -> JobResolved.class;
            default -> throw notMeasured(stage);
        }).name();
    }

    static IllegalArgumentException notMeasured(SlaStage stage) {
        return new IllegalArgumentException("the " + stage.wireName() + " stage is not measured by this monitor");
    }
}
