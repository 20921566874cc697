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
import java.util.TreeMap;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ClockResumed;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintPriorityChanged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobOnScene;
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
 * district and current crew, the SLA policy in force then (the targets of every priority, calendar, policy
 * version), the deadlines they give, when each stage completed, the pauses of its clocks and the changes of its
 * priority, which stages were warned (at risk) and breached, and whether its clocks were stopped (cancelled,
 * merged into another complaint).
 *
 * <p>Published facts follow the timeline: a stage's StageMet (or StageCorrected) has been published exactly when
 * its completion time is set; its StageAtRisk when it is in {@code atRisk}; its StageBreached when it is in
 * {@code breaches}, which keeps that event's id so that a later correction can name it. {@code seenEventIds}
 * are the events already folded in, so a redelivered event changes nothing.
 *
 * <p>Stages run from the report (close from the resolution), each on its clock: the field stages (dispatch,
 * acknowledge, arrive, resolve) on the category's, 24/7 or working hours, the administrative ones (forward,
 * follow-up, close) on the jurisdiction's working days. Worked example, a fallen tree (24/7; targets 5 min,
 * 15 min, 45 min, 4 h) reported at 10:00:00Z: dispatched at 10:03:00Z is dispatch met in 180000 ms of 300000 (and
 * forward met, the department has it); if nobody acknowledges, the acknowledge stage is at risk from 10:12:00Z,
 * due at 10:15:00Z and breached once the clock is past it; acknowledged at 10:20:00Z it is then met in 1200000 ms,
 * outside its 900000 ms target. Had the crew's phone been offline, and the acknowledgement arrived at 10:20 dated
 * 10:14 on the device, the stage is corrected: met within target, replacing the breach. {@code elapsedMillis} is
 * time on the stage's clock: on a working-hours category, working time; paused time is left out of it and
 * reported as {@code pausedMillis}. A pause moves every running stage's due moment by the clock time it lasted
 * (see {@link StageDeadlines}); a priority change keeps each open field stage's accrued time and makes it due when
 * that time reaches the new priority's target (at once, if it already has).
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
        StageTargets defaultTargets,
        Map<Integer, StageTargets> priorityTargets,
        Map<SlaStage, StageDeadlines.Deadline> deadlines,
        String district,
        String crewId,
        Map<SlaStage, Instant> completions,
        List<Pause> pauses,
        List<PriorityChange> priorityChanges,
        Set<SlaStage> atRisk,
        Map<SlaStage, UUID> breaches,
        Instant stoppedAt,
        String stopReason,
        List<UUID> seenEventIds) {

    public static final String CANCELLED = "cancelled";
    public static final String MERGED = "merged";
    /** The stop reason of a complaint closed before it was resolved (a broken lifecycle). */
    public static final String CLOSED = "closed";

    public ComplaintTimeline {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(slaCalendar, "slaCalendar");
        Objects.requireNonNull(defaultTargets, "defaultTargets");
        priorityTargets = Map.copyOf(priorityTargets);
        deadlines = enumMap(deadlines);
        completions = enumMap(completions);
        pauses = List.copyOf(pauses);
        priorityChanges = List.copyOf(priorityChanges);
        atRisk = atRisk.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(atRisk));
        breaches = Map.copyOf(breaches);
        seenEventIds = List.copyOf(seenEventIds);
    }

    /**
     * Folds one event of the complaint (any of {@code complaints}, {@code dispatch}, {@code field}) into its
     * timeline, which is null while no report has been seen. Never throws for a bad event; it says why instead:
     * <ul>
     *   <li>an event already folded in (same event id), a stage completed a second time (a re-dispatch, a
     *       reassignment, a second acknowledgement), an event that completes no stage, or an event after the clocks
     *       stopped (cancelled, merged): no facts, no rejection;</li>
     *   <li>anything before the report, a second report, a report whose jurisdiction or category is not in the
     *       reference data, a stage event after resolution or dated before its stage began, a pause for a reason the
     *       category's policy does not allow (the clocks keep running), a pause while paused, a resume while
     *       running, a close before the resolution (the clocks stop, close is not measured): rejected, not measured;</li>
     *   <li>a stage completed before an earlier one (resolved before acknowledged): rejected, because the
     *       lifecycle is broken, yet measured, because the time from report to this stage is still a fact.</li>
     * </ul>
     * Stages and the events that complete them: dispatch and forward by the first dispatch (forward also by a
     * queueing: the department has it), acknowledge, arrive (on scene) and resolve by the crew's events, follow-up
     * by the resolution too, close by the complaint's closing, measured from its resolution.
     *
     * <p>A stage completed after its due moment that has not been breached yet (the events arrived late, or the
     * monitor was down when the target passed) gets its StageBreached first, so every StageMet outside its
     * target follows exactly one StageBreached. A stage breached live whose completion turns out to be dated
     * (envelope {@code occurredAt}, the device's time for field events) within its due moment gets a
     * StageCorrected naming the breach instead of a StageMet. Pauses and priority changes are counted as they
     * stood at the completion's date.
     *
     * <p>Deadlines are recomputed on the jurisdiction's calendar in {@code reference} when the clocks pause or
     * resume, the priority changes or the close stage starts; the targets stay those of the policy at the report.
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
        if (data instanceof ComplaintReassigned reassigned) {
            return TimelineStep.of(seen.assignedTo(reassigned.toCrewId()));
        }
        if (data instanceof ComplaintCancelled) {
            return TimelineStep.of(seen.stop(event.occurredAt(), CANCELLED));
        }
        if (data instanceof ComplaintMerged) {
            return TimelineStep.of(seen.stop(event.occurredAt(), MERGED));
        }
        boolean relevant = data instanceof ComplaintDispatched || data instanceof ComplaintQueued
                || data instanceof JobAcknowledged || data instanceof JobOnScene || data instanceof JobResolved
                || data instanceof ComplaintClosed || data instanceof ClockPaused || data instanceof ClockResumed
                || data instanceof ComplaintPriorityChanged;
        if (!relevant || seen.stoppedAt != null) {
            return TimelineStep.of(seen);
        }
        Optional<ReferenceData> city = reference.find(seen.jurisdiction);
        if (city.isEmpty()) {
            return TimelineStep.rejected(seen, event.type() + " for a complaint of jurisdiction " + seen.jurisdiction
                    + ", which is no longer configured; not measured");
        }
        Clocks clocks = Clocks.of(city.get().jurisdiction(), seen.slaCalendar);
        if (data instanceof ComplaintDispatched dispatched) {
            return seen.assignedTo(dispatched.crewId()).complete(event, clocks, SlaStage.DISPATCH, SlaStage.FORWARD);
        }
        if (data instanceof ComplaintQueued) {
            return seen.complete(event, clocks, SlaStage.FORWARD);
        }
        if (data instanceof JobAcknowledged) {
            return seen.complete(event, clocks, SlaStage.ACKNOWLEDGE);
        }
        if (data instanceof JobOnScene) {
            return seen.complete(event, clocks, SlaStage.ARRIVE);
        }
        if (data instanceof JobResolved) {
            TimelineStep step = seen.complete(event, clocks, SlaStage.FOLLOW_UP, SlaStage.RESOLVE);
            return new TimelineStep(step.timeline().recomputed(clocks), step.facts(), step.rejection());
        }
        if (data instanceof ComplaintClosed) {
            if (seen.completion(SlaStage.RESOLVE) == null) {
                return TimelineStep.rejected(seen.stop(event.occurredAt(), CLOSED), event.type()
                        + " before job.resolved breaks the lifecycle; the clocks stop and close is not measured");
            }
            return seen.complete(event, clocks, SlaStage.CLOSE);
        }
        if (data instanceof ClockPaused paused) {
            return seen.pause(event, paused, city.get(), clocks);
        }
        if (data instanceof ClockResumed) {
            return seen.resume(event, clocks);
        }
        return seen.changePriority(event, (ComplaintPriorityChanged) data, clocks);
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
        ReferenceData.AdministrativeClocks administrative = jurisdiction.get().jurisdiction().administrativeClocks();
        Map<Integer, StageTargets> byPriority = new TreeMap<>();
        category.priorityTargets().forEach((p, targets) -> byPriority.put(p, StageTargets.of(targets, administrative)));
        ComplaintTimeline started = new ComplaintTimeline(event.jurisdiction(), reported.category(), reported.department(),
                event.correlationId(), event.occurredAt(), reported.priority(), category.policyVersion(),
                category.slaCalendar(), StageTargets.of(category.sla(), administrative), byPriority, Map.of(),
                reported.district(), null, Map.of(), List.of(), List.of(), Set.of(), Map.of(), null, null,
                List.of(event.eventId()));
        return TimelineStep.of(started.recomputed(Clocks.of(jurisdiction.get().jurisdiction(), category.slaCalendar())));
    }

    /** Completes each of {@code stages} by {@code event}, in order; the first rejection is the step's. */
    private TimelineStep complete(Event<?> event, Clocks clocks, SlaStage... stages) {
        ComplaintTimeline next = this;
        List<SlaEvent> facts = new ArrayList<>();
        String rejection = null;
        for (SlaStage stage : stages) {
            TimelineStep step = next.complete(stage, event, clocks);
            next = step.timeline();
            facts.addAll(step.facts());
            rejection = rejection == null ? step.rejection() : rejection;
        }
        return new TimelineStep(next, facts, rejection);
    }

    private TimelineStep complete(SlaStage stage, Event<?> event, Clocks clocks) {
        if (completion(stage) != null) {
            return TimelineStep.of(this);
        }
        if (stage != SlaStage.CLOSE && completion(SlaStage.RESOLVE) != null) {
            return TimelineStep.rejected(this, event.type() + " after the complaint was resolved; "
                    + stage.wireName() + " is not measured");
        }
        Instant start = startOf(stage);
        Instant at = event.occurredAt();
        if (at.isBefore(start)) {
            String began = stage == SlaStage.CLOSE ? "the resolution" : "the report";
            return TimelineStep.rejected(this, event.type() + " at " + at + " is before " + began + " at " + start
                    + "; " + stage.wireName() + " is not measured");
        }
        ComplaintTimeline next = completed(stage, at);
        List<String> skipped = new ArrayList<>();
        for (SlaStage earlier : LIFECYCLE) {
            if (earlier != SlaStage.ARRIVE && earlier.ordinal() < stage.ordinal() && LIFECYCLE.contains(stage)
                    && completion(earlier) == null) {
                skipped.add(completingType(earlier));
            }
        }
        String rejection = skipped.isEmpty() ? null : event.type() + " before " + String.join(" and ", skipped)
                + " breaks the lifecycle; " + stage.wireName() + " measured anyway";
        if (!measured().contains(stage)) {
            return new TimelineStep(next, List.of(), rejection);
        }
        WorkingTime clock = clocks.of(stage);
        List<Pause> known = StageDeadlines.asOf(pauses, at);
        long elapsedMillis = StageDeadlines.elapsedMillis(start, at, known, clock);
        long pausedMillis = StageDeadlines.pausedMillis(start, at, known, clock);
        long targetMillis = targetMillis(stage, at);
        StageDeadlines.Deadline then = StageDeadlines.deadline(start, targetMillis, notBefore(stage, at), known, clock);
        boolean withinTarget = then == null || !at.isAfter(then.dueAt());
        List<SlaEvent> facts = new ArrayList<>();
        UUID breach = breaches.get(stage);
        if (withinTarget && breach != null) {
            facts.add(new StageCorrected(stage, category, department, start, at, elapsedMillis, pausedMillis, targetMillis,
                    true, breach));
        } else {
            if (!withinTarget && breach == null) {
                facts.add(new StageBreached(stage, category, department, start, then.dueAt(), targetMillis));
                next = next.breach(stage, factId(event.subjectId(), StageBreached.class, stage));
            }
            facts.add(new StageMet(stage, category, department, start, at, elapsedMillis, pausedMillis, targetMillis,
                    withinTarget));
        }
        return new TimelineStep(next, facts, rejection);
    }

    private TimelineStep pause(Event<?> event, ClockPaused paused, ReferenceData city, Clocks clocks) {
        List<String> allowed = city.findCategory(category).map(ReferenceData.Category::pauseReasons).orElse(List.of());
        if (!allowed.contains(paused.reason())) {
            return TimelineStep.rejected(this, event.type() + " for reason " + paused.reason() + ", which the policy of "
                    + category + " does not allow (allowed: " + allowed + "); the clocks keep running");
        }
        Pause last = pauses.isEmpty() ? null : pauses.get(pauses.size() - 1);
        if (isPaused()) {
            return TimelineStep.rejected(this, event.type() + " while the clocks are paused since " + last.pausedAt()
                    + "; nothing changes");
        }
        Instant at = event.occurredAt();
        Instant notBefore = last == null ? reportedAt : last.resumedAt();
        if (at.isBefore(notBefore)) {
            return TimelineStep.rejected(this, event.type() + " at " + at + " is before " + notBefore
                    + ", when the clocks last started; the clocks keep running");
        }
        List<Pause> more = new ArrayList<>(pauses);
        more.add(new Pause(at, null, paused.reason()));
        return TimelineStep.of(new Draft(this).pauses(more).build().recomputed(clocks));
    }

    private TimelineStep resume(Event<?> event, Clocks clocks) {
        if (!isPaused()) {
            return TimelineStep.rejected(this, event.type() + " while the clocks run (no pause of this complaint is open); nothing changes");
        }
        Pause last = pauses.get(pauses.size() - 1);
        Instant at = event.occurredAt();
        if (at.isBefore(last.pausedAt())) {
            return TimelineStep.rejected(this, event.type() + " at " + at + " is before the pause at " + last.pausedAt()
                    + "; the clocks stay paused");
        }
        List<Pause> more = new ArrayList<>(pauses.subList(0, pauses.size() - 1));
        more.add(new Pause(last.pausedAt(), at, last.reason()));
        return TimelineStep.of(new Draft(this).pauses(more).build().recomputed(clocks));
    }

    private TimelineStep changePriority(Event<?> event, ComplaintPriorityChanged changed, Clocks clocks) {
        if (changed.to() == priority) {
            return TimelineStep.of(this);
        }
        Instant at = event.occurredAt();
        if (at.isBefore(reportedAt)) {
            return TimelineStep.rejected(this, event.type() + " at " + at + " is before the report at " + reportedAt
                    + "; the targets stay those of priority " + priority);
        }
        List<PriorityChange> more = new ArrayList<>(priorityChanges);
        more.add(new PriorityChange(at, priority, changed.to()));
        Draft draft = new Draft(this);
        draft.priority = changed.to();
        return TimelineStep.of(draft.priorityChanges(more).build().recomputed(clocks));
    }

    /**
     * This timeline with the deadlines of its stages that are running and can still be warned or breached
     * recomputed; those of completed and breached stages stay as they were, and a paused stage has none.
     */
    private ComplaintTimeline recomputed(Clocks clocks) {
        Map<SlaStage, StageDeadlines.Deadline> next = new EnumMap<>(SlaStage.class);
        for (SlaStage stage : measured()) {
            StageDeadlines.Deadline kept = deadlines.get(stage);
            Instant start = startOf(stage);
            if (completion(stage) != null || breaches.containsKey(stage) || start == null) {
                if (kept != null) {
                    next.put(stage, kept);
                }
                continue;
            }
            StageDeadlines.Deadline deadline = StageDeadlines.deadline(start, targetMillis(stage, null),
                    notBefore(stage, null), pauses, clocks.of(stage));
            if (deadline != null) {
                next.put(stage, deadline);
            }
        }
        Draft draft = new Draft(this);
        draft.deadlines = next;
        return draft.build();
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
        return completions.get(stage);
    }

    /** When {@code stage}'s clock started: the report, or for close the resolution (null before it). */
    public Instant startOf(SlaStage stage) {
        return stage == SlaStage.CLOSE ? completion(SlaStage.RESOLVE) : reportedAt;
    }

    /** The targets of the current priority, from the policy in force at the report. */
    public StageTargets targets() {
        return targetsFor(priority);
    }

    /** The targets of {@code p} in the policy in force at the report: its own where it has some, else the default. */
    public StageTargets targetsFor(int p) {
        return priorityTargets.getOrDefault(p, defaultTargets);
    }

    /** The stages this complaint is measured on: those with a target at the priority it was reported with. */
    public Set<SlaStage> measured() {
        return targetsFor(priorityChanges.isEmpty() ? priority : priorityChanges.get(0).from()).stages();
    }

    /**
     * The target of {@code stage} at {@code asOf} (null: now): the administrative stages keep theirs, a field stage
     * takes that of the priority in force then, or keeps the reported priority's where that priority sets none.
     */
    private long targetMillis(SlaStage stage, Instant asOf) {
        int reportedPriority = priorityChanges.isEmpty() ? priority : priorityChanges.get(0).from();
        if (stage.administrative()) {
            return targetsFor(reportedPriority).millis(stage);
        }
        int then = reportedPriority;
        for (PriorityChange change : priorityChanges) {
            if (asOf == null || !change.at().isAfter(asOf)) {
                then = change.to();
            }
        }
        return targetsFor(then).find(stage).orElseGet(() -> targetsFor(reportedPriority).millis(stage));
    }

    /** A field stage is not due before the latest priority change up to {@code asOf} (null: now). */
    private Instant notBefore(SlaStage stage, Instant asOf) {
        Instant start = startOf(stage);
        if (stage.administrative()) {
            return start;
        }
        Instant latest = start;
        for (PriorityChange change : priorityChanges) {
            if ((asOf == null || !change.at().isAfter(asOf)) && change.at().isAfter(latest)) {
                latest = change.at();
            }
        }
        return latest;
    }

    /** The stage is breached once the clock is strictly past this; null while it has no due moment (paused, not started). */
    public Instant dueAt(SlaStage stage) {
        StageDeadlines.Deadline deadline = deadlines.get(stage);
        return deadline == null ? null : deadline.dueAt();
    }

    /** Neither resolved nor stopped: it counts in the backlog. */
    @JsonIgnore
    public boolean isOpen() {
        return completion(SlaStage.RESOLVE) == null && stoppedAt == null;
    }

    /** Whether a pause is open: every clock stands still. */
    @JsonIgnore
    public boolean isPaused() {
        return !pauses.isEmpty() && pauses.get(pauses.size() - 1).isOpen();
    }

    /**
     * Stages that can still be warned or breached: measured, started, not completed, not yet breached, and the
     * complaint not stopped; every stage but close also needs it unresolved.
     */
    public Set<SlaStage> pending() {
        EnumSet<SlaStage> pending = EnumSet.noneOf(SlaStage.class);
        if (stoppedAt != null) {
            return pending;
        }
        for (SlaStage stage : measured()) {
            boolean running = stage == SlaStage.CLOSE ? startOf(stage) != null : completion(SlaStage.RESOLVE) == null;
            if (running && completion(stage) == null && !breaches.containsKey(stage)) {
                pending.add(stage);
            }
        }
        return pending;
    }

    /**
     * For each pending stage whose clock runs, the next moment the wall clock must look at it: at risk until
     * warned, then due. A paused stage has no alarm.
     */
    public Map<SlaStage, Instant> alarms() {
        Map<SlaStage, Instant> alarms = new EnumMap<>(SlaStage.class);
        for (SlaStage stage : pending()) {
            StageDeadlines.Deadline deadline = deadlines.get(stage);
            if (deadline != null) {
                alarms.put(stage, atRisk.contains(stage) ? deadline.dueAt() : deadline.atRiskAt());
            }
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
        return new StageBreached(stage, category, department, startOf(stage), dueAt(stage), targetMillis(stage, null));
    }

    /** The warning that 80% of {@code stage}'s target has passed; does not check that it has. */
    public StageAtRisk atRiskOf(SlaStage stage) {
        return new StageAtRisk(stage, category, department, startOf(stage), dueAt(stage), targetMillis(stage, null));
    }

    /** This timeline with {@code stage} recorded as breached by the event {@code eventId}. */
    public ComplaintTimeline breach(SlaStage stage, UUID eventId) {
        Map<SlaStage, UUID> more = new EnumMap<>(SlaStage.class);
        more.putAll(breaches);
        more.put(stage, eventId);
        Draft draft = new Draft(this);
        draft.breaches = more;
        return draft.build();
    }

    /** This timeline with {@code stage} recorded as warned. */
    public ComplaintTimeline warn(SlaStage stage) {
        EnumSet<SlaStage> more = EnumSet.of(stage);
        more.addAll(atRisk);
        Draft draft = new Draft(this);
        draft.atRisk = more;
        return draft.build();
    }

    private ComplaintTimeline completed(SlaStage stage, Instant at) {
        Map<SlaStage, Instant> more = new EnumMap<>(SlaStage.class);
        more.putAll(completions);
        more.put(stage, at);
        Draft draft = new Draft(this);
        draft.completions = more;
        return draft.build();
    }

    private ComplaintTimeline assignedTo(String crew) {
        if (!isOpen()) {
            return this;
        }
        Draft draft = new Draft(this);
        draft.crewId = crew;
        return draft.build();
    }

    private ComplaintTimeline stop(Instant at, String reason) {
        if (stoppedAt != null) {
            return this;
        }
        Draft draft = new Draft(this);
        draft.stoppedAt = at;
        draft.stopReason = reason;
        return draft.build();
    }

    private ComplaintTimeline seen(UUID eventId) {
        List<UUID> ids = new ArrayList<>(seenEventIds);
        ids.add(eventId);
        Draft draft = new Draft(this);
        draft.seenEventIds = ids;
        return draft.build();
    }

    /** The field stages whose order the crews' lifecycle fixes; arrive may be skipped (resolved without an on-scene). */
    private static final List<SlaStage> LIFECYCLE = List.of(SlaStage.DISPATCH, SlaStage.ACKNOWLEDGE, SlaStage.ARRIVE, SlaStage.RESOLVE);

    private static String completingType(SlaStage stage) {
        return EventTypes.of(switch (stage) {
            case DISPATCH -> ComplaintDispatched.class;
            case ACKNOWLEDGE -> JobAcknowledged.class;
            case ARRIVE -> JobOnScene.class;
            case RESOLVE -> JobResolved.class;
            default -> throw notMeasured(stage);
        }).name();
    }

    static IllegalArgumentException notMeasured(SlaStage stage) {
        return new IllegalArgumentException("the " + stage.wireName() + " stage is not measured for this complaint");
    }

    private static <V> Map<SlaStage, V> enumMap(Map<SlaStage, V> map) {
        Map<SlaStage, V> copy = new EnumMap<>(SlaStage.class);
        copy.putAll(map);
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** The clocks of a complaint's stages: the category's for the field stages, working days for the administrative ones. */
    private record Clocks(WorkingTime field, WorkingTime administrative) {
        static Clocks of(ReferenceData.Jurisdiction jurisdiction, String slaCalendar) {
            return new Clocks(WorkingTime.forCalendar(jurisdiction, slaCalendar), WorkingTime.administrative(jurisdiction));
        }

        WorkingTime of(SlaStage stage) {
            return stage.administrative() ? administrative : field;
        }
    }

    /** A mutable copy, so that each change names only what it changes. */
    private static final class Draft {
        private final ComplaintTimeline from;
        private int priority;
        private Map<SlaStage, StageDeadlines.Deadline> deadlines;
        private String crewId;
        private Map<SlaStage, Instant> completions;
        private List<Pause> pauses;
        private List<PriorityChange> priorityChanges;
        private Set<SlaStage> atRisk;
        private Map<SlaStage, UUID> breaches;
        private Instant stoppedAt;
        private String stopReason;
        private List<UUID> seenEventIds;

        Draft(ComplaintTimeline from) {
            this.from = from;
            priority = from.priority;
            deadlines = from.deadlines;
            crewId = from.crewId;
            completions = from.completions;
            pauses = from.pauses;
            priorityChanges = from.priorityChanges;
            atRisk = from.atRisk;
            breaches = from.breaches;
            stoppedAt = from.stoppedAt;
            stopReason = from.stopReason;
            seenEventIds = from.seenEventIds;
        }

        Draft pauses(List<Pause> value) {
            pauses = value;
            return this;
        }

        Draft priorityChanges(List<PriorityChange> value) {
            priorityChanges = value;
            return this;
        }

        ComplaintTimeline build() {
            return new ComplaintTimeline(from.jurisdiction, from.category, from.department, from.correlationId, from.reportedAt,
                    priority, from.policyVersion, from.slaCalendar, from.defaultTargets, from.priorityTargets, deadlines,
                    from.district, crewId, completions, pauses, priorityChanges, atRisk, breaches, stoppedAt, stopReason,
                    seenEventIds);
        }
    }
}
