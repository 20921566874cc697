package siaga.sla.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.acknowledgedLate;
import static siaga.sla.Complaints.cancelled;
import static siaga.sla.Complaints.dispatchedTo;
import static siaga.sla.Complaints.merged;
import static siaga.sla.Complaints.reassigned;
import static siaga.sla.Complaints.reportedIn;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.reported;
import static siaga.sla.Complaints.resolved;
import static siaga.sla.Complaints.targets;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.kafka.JsonSerde;
import siaga.sla.Complaints;

/** The transitions of the fold the topology test does not reach: the illegal and the uneventful ones. */
class ComplaintTimelineTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final ReferenceCatalog REFERENCE = ReferenceCatalog.demo();

    private final Event<ComplaintReported> tree = aFallenTree("C-1", T0);
    private final ComplaintTimeline reported = ComplaintTimeline.evolve(null, tree, REFERENCE).timeline();

    @Test
    void aReportStartsEveryStageWithTheTargetsOfItsCategory() {
        assertThat(reported.targets()).isEqualTo(targets(300_000, 900_000, 2_700_000L, 14_400_000));
        assertThat(reported.completions()).isEmpty();
        assertThat(reported.pauses()).isEmpty();
        assertThat(reported.pending()).as("close starts at the resolution").containsExactly(SlaStage.DISPATCH,
                SlaStage.ACKNOWLEDGE, SlaStage.ARRIVE, SlaStage.RESOLVE, SlaStage.FORWARD, SlaStage.FOLLOW_UP);
        assertThat(reported.dueAt(SlaStage.ACKNOWLEDGE)).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(reported.dueAt(SlaStage.ARRIVE)).isEqualTo(T0.plus(Duration.ofMinutes(45)));
        assertThat(reported.deadlines().get(SlaStage.FORWARD)).as("3 working days from Monday 15:00 WIB: 9 h of Monday, "
                + "Tuesday, Wednesday, 15 h of Thursday; at risk after 57 h 36 min").isEqualTo(new StageDeadlines.Deadline(
                Instant.parse("2026-03-04T17:36:00Z"), Instant.parse("2026-03-05T08:00:00Z")));
        assertThat(reported.dueAt(SlaStage.CLOSE)).isNull();
    }

    @Test
    void aWorkingHoursComplaintKeepsThePolicyInForceAtItsReport() {
        Instant fridayTenToFour = Instant.parse("2026-03-06T08:50:00Z"); // 15:50 WIB
        ComplaintTimeline pothole = ComplaintTimeline.evolve(null, reported("C-3", "pothole", "PUPR", 4, fridayTenToFour), REFERENCE).timeline();

        assertThat(pothole.slaCalendar()).isEqualTo("working-hours");
        assertThat(pothole.policyVersion()).isEqualTo(1);
        assertThat(pothole.targets()).isEqualTo(targets(3_600_000, 14_400_000, 86_400_000L, 259_200_000));
        assertThat(pothole.deadlines().get(SlaStage.DISPATCH)).as("40 min on Friday, 20 on Monday from 07:30 WIB").isEqualTo(
                new StageDeadlines.Deadline(Instant.parse("2026-03-09T00:38:00Z"), Instant.parse("2026-03-09T00:50:00Z")));
        assertThat(pothole.deadlines().get(SlaStage.ACKNOWLEDGE)).as("4 working hours: Monday 10:50 WIB, at risk at 10:02 WIB")
                .isEqualTo(new StageDeadlines.Deadline(Instant.parse("2026-03-09T03:02:00Z"), Instant.parse("2026-03-09T03:50:00Z")));
        assertThat(pothole.dueAt(SlaStage.FORWARD)).as("3 working days: 8 h 10 min of Friday, Monday, Tuesday, then "
                + "Wednesday until 15:50 WIB").isEqualTo(Instant.parse("2026-03-11T08:50:00Z"));
    }

    @Test
    void theSameComplaintInAWitaCityIsDueAtTheSameLocalTimeOneHourEarlierInUtc() {
        ReferenceData madiun = REFERENCE.primary();
        ReferenceData.Jurisdiction city = madiun.jurisdiction();
        ReferenceData banjarbaru = new ReferenceData(new ReferenceData.Jurisdiction("banjarbaru", "Kota Banjarbaru", "BJB",
                ZoneId.of("Asia/Makassar"), city.bounds(), city.calendar()), madiun.districts(), madiun.departments(),
                madiun.categories(), List.of());
        ReferenceCatalog both = new ReferenceCatalog(List.of(madiun, banjarbaru));

        Instant inMadiun = LocalDateTime.parse("2026-03-06T15:50").atZone(ZoneId.of("Asia/Jakarta")).toInstant();
        Instant inBanjarbaru = LocalDateTime.parse("2026-03-06T15:50").atZone(ZoneId.of("Asia/Makassar")).toInstant();
        ComplaintTimeline wib = ComplaintTimeline.evolve(null, reported("C-4", "pothole", "PUPR", 4, inMadiun), both).timeline();
        ComplaintTimeline wita = ComplaintTimeline.evolve(null,
                reportedIn("banjarbaru", null, "C-5", "pothole", "PUPR", 4, inBanjarbaru), both).timeline();

        assertThat(wib.dueAt(SlaStage.ACKNOWLEDGE)).isEqualTo(Instant.parse("2026-03-09T03:50:00Z"));
        assertThat(wita.dueAt(SlaStage.ACKNOWLEDGE)).isEqualTo(Instant.parse("2026-03-09T02:50:00Z"));
        assertThat(wita.dueAt(SlaStage.ACKNOWLEDGE).atZone(ZoneId.of("Asia/Makassar")).toLocalDateTime())
                .isEqualTo(LocalDateTime.parse("2026-03-09T10:50"));
    }

    @Test
    void aRaisedPriorityTakesItsOwnTargets() {
        ComplaintTimeline light = ComplaintTimeline.evolve(null, reported("C-6", "street-light-out", "DISHUB", 2, T0), REFERENCE).timeline();

        assertThat(light.priority()).isEqualTo(2);
        assertThat(light.targets()).isEqualTo(targets(600_000, 1_800_000, 7_200_000L, 28_800_000));
    }

    @Test
    void aCancelledComplaintStopsItsClocksAndMeasuresNothingMore() {
        ComplaintTimeline dispatched = ComplaintTimeline.evolve(reported, dispatched(tree, T0.plusSeconds(60)), REFERENCE).timeline();
        assertThat(dispatched.completion(SlaStage.FORWARD)).as("the department has it").isEqualTo(T0.plusSeconds(60));
        TimelineStep cancel = ComplaintTimeline.evolve(dispatched, cancelled(tree, T0.plusSeconds(90)), REFERENCE);

        assertThat(cancel.facts()).isEmpty();
        assertThat(cancel.rejection()).isNull();
        assertThat(cancel.timeline().stoppedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(cancel.timeline().stopReason()).isEqualTo("cancelled");
        assertThat(cancel.timeline().isOpen()).isFalse();
        assertThat(cancel.timeline().pending()).isEmpty();
        assertThat(cancel.timeline().alarms()).isEmpty();

        TimelineStep lateAck = ComplaintTimeline.evolve(cancel.timeline(), acknowledged(tree, T0.plusSeconds(120)), REFERENCE);
        assertThat(lateAck.facts()).isEmpty();
        assertThat(lateAck.rejection()).isNull();
        assertThat(lateAck.timeline().completion(SlaStage.ACKNOWLEDGE)).isNull();
    }

    @Test
    void aMergedComplaintStopsItsClocks() {
        TimelineStep merge = ComplaintTimeline.evolve(reported, merged(tree, "C-0", T0.plusSeconds(20)), REFERENCE);

        assertThat(merge.facts()).isEmpty();
        assertThat(merge.timeline().stopReason()).isEqualTo("merged");
        assertThat(merge.timeline().pending()).isEmpty();
    }

    @Test
    void aReassignmentMovesTheCrewButRestartsNoStage() {
        ComplaintTimeline first = ComplaintTimeline.evolve(reported, dispatchedTo(tree, "dlh-1", T0.plusSeconds(60)), REFERENCE).timeline();
        ComplaintTimeline moved = ComplaintTimeline.evolve(first, reassigned(tree, "dlh-1", "dlh-2", T0.plusSeconds(600)), REFERENCE).timeline();
        TimelineStep again = ComplaintTimeline.evolve(moved, dispatchedTo(tree, "dlh-3", T0.plusSeconds(700)), REFERENCE);

        assertThat(moved.crewId()).isEqualTo("dlh-2");
        assertThat(moved.completion(SlaStage.DISPATCH)).isEqualTo(T0.plusSeconds(60));
        assertThat(again.facts()).as("dispatch was measured once, at the first dispatch").isEmpty();
        assertThat(again.timeline().crewId()).isEqualTo("dlh-3");
        assertThat(again.timeline().completion(SlaStage.DISPATCH)).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aLateAcknowledgementDatedBeforeTheDueMomentCorrectsTheBreach() {
        UUID breachId = ComplaintTimeline.factId("C-1", StageBreached.class, SlaStage.ACKNOWLEDGE);
        ComplaintTimeline breached = reported.breach(SlaStage.ACKNOWLEDGE, breachId);
        Instant deviceTime = T0.plus(Duration.ofMinutes(14));

        TimelineStep step = ComplaintTimeline.evolve(breached,
                acknowledgedLate(tree, deviceTime, T0.plus(Duration.ofMinutes(20))), REFERENCE);

        assertThat(step.facts()).containsExactly(new StageCorrected(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, deviceTime,
                840_000, 900_000, true, breachId));
        assertThat(step.timeline().completion(SlaStage.ACKNOWLEDGE)).isEqualTo(deviceTime);
        assertThat(step.timeline().breaches()).containsEntry(SlaStage.ACKNOWLEDGE, breachId);
    }

    @Test
    void aLateAcknowledgementDatedAfterTheDueMomentConfirmsTheBreach() {
        ComplaintTimeline breached = reported.breach(SlaStage.ACKNOWLEDGE, UUID.randomUUID());
        Instant deviceTime = T0.plus(Duration.ofMinutes(16));

        TimelineStep step = ComplaintTimeline.evolve(breached, acknowledgedLate(tree, deviceTime, deviceTime), REFERENCE);

        assertThat(step.facts()).containsExactly(new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, deviceTime,
                960_000, 900_000, false));
    }

    @Test
    void factIdsAreDerivedFromComplaintTypeAndStage() {
        assertThat(ComplaintTimeline.factId("C-1", StageBreached.class, SlaStage.RESOLVE))
                .isEqualTo(ComplaintTimeline.factId("C-1", StageBreached.class, SlaStage.RESOLVE))
                .isNotEqualTo(ComplaintTimeline.factId("C-1", StageBreached.class, SlaStage.DISPATCH))
                .isNotEqualTo(ComplaintTimeline.factId("C-2", StageBreached.class, SlaStage.RESOLVE))
                .isNotEqualTo(ComplaintTimeline.factId("C-1", StageMet.class, SlaStage.RESOLVE));
    }

    @Test
    void aTimelineSurvivesItsStoreSerde() {
        ComplaintTimeline dispatched = ComplaintTimeline.evolve(reported, dispatchedTo(tree, "dlh-1", T0.plusSeconds(60)), REFERENCE).timeline();
        ComplaintTimeline paused = ComplaintTimeline.evolve(dispatched, Complaints.paused(tree, "waiting-other-department",
                T0.plusSeconds(90)), REFERENCE).timeline();
        ComplaintTimeline full = ComplaintTimeline.evolve(paused, Complaints.priorityChanged(tree, 2, 1, T0.plusSeconds(95)), REFERENCE)
                .timeline().warn(SlaStage.ACKNOWLEDGE).breach(SlaStage.ACKNOWLEDGE, UUID.randomUUID());
        assertThat(full.pauses()).hasSize(1);
        assertThat(full.priorityChanges()).hasSize(1);
        JsonSerde<ComplaintTimeline> serde = new JsonSerde<>(ComplaintTimeline.class);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", full))).isEqualTo(full);
    }

    @Test
    void aReportOfACategoryTheJurisdictionDoesNotHaveIsRejected() {
        TimelineStep step = ComplaintTimeline.evolve(null, reported("C-2", "graffiti", "DLH", 3, T0), REFERENCE);

        assertThat(step).isEqualTo(new TimelineStep(null, List.of(),
                "category graffiti is not in the reference data of jurisdiction madiun"));
    }

    @Test
    void aSecondReportOfTheSameComplaintIsRejectedAndChangesNothingElse() {
        Event<ComplaintReported> again = aFallenTree("C-1", T0.plusSeconds(5));
        TimelineStep step = ComplaintTimeline.evolve(reported, again, REFERENCE);

        assertThat(step.rejection()).isEqualTo("complaint C-1 was already reported by another event");
        assertThat(step.facts()).isEmpty();
        assertThat(step.timeline().reportedAt()).isEqualTo(T0);
    }

    @Test
    void aQueuedComplaintIsForwardedYetKeepsItsDispatchClockRunning() {
        var queued = tree.followedBy(new ComplaintQueued("DLH", "no crew on shift"), Actor.system("dispatcher"), T0.plusSeconds(10));
        TimelineStep step = ComplaintTimeline.evolve(reported, queued, REFERENCE);

        assertThat(step.facts()).containsExactly(new StageMet(SlaStage.FORWARD, "fallen-tree", "DLH", T0, T0.plusSeconds(10),
                10_000, 259_200_000, true));
        assertThat(step.rejection()).isNull();
        assertThat(step.timeline().pending()).contains(SlaStage.DISPATCH).doesNotContain(SlaStage.FORWARD);

        TimelineStep dispatch = ComplaintTimeline.evolve(step.timeline(), dispatched(tree, T0.plusSeconds(100)), REFERENCE);
        assertThat(dispatch.facts()).as("forward was measured at the queueing").containsExactly(new StageMet(SlaStage.DISPATCH,
                "fallen-tree", "DLH", T0, T0.plusSeconds(100), 100_000, 300_000, true));
    }

    @Test
    void anAcknowledgementBeforeTheDispatchIsRejectedYetMeasured() {
        TimelineStep step = ComplaintTimeline.evolve(reported, acknowledged(tree, T0.plus(Duration.ofMinutes(4))), REFERENCE);

        assertThat(step.facts()).containsExactly(new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0,
                T0.plus(Duration.ofMinutes(4)), 240_000, 900_000, true));
        assertThat(step.rejection()).isEqualTo("job.acknowledged before complaint.dispatched breaks the lifecycle; acknowledge measured anyway");
        assertThat(step.timeline().pending()).containsExactly(SlaStage.DISPATCH, SlaStage.ARRIVE, SlaStage.RESOLVE,
                SlaStage.FORWARD, SlaStage.FOLLOW_UP);
    }

    @Test
    void aStageEventAfterTheResolutionIsRejectedAndNotMeasured() {
        ComplaintTimeline done = ComplaintTimeline.evolve(reported, resolved(tree, T0.plus(Duration.ofMinutes(30))), REFERENCE).timeline();
        TimelineStep step = ComplaintTimeline.evolve(done, dispatched(tree, T0.plus(Duration.ofMinutes(31))), REFERENCE);

        assertThat(step.facts()).isEmpty();
        assertThat(step.rejection()).isEqualTo("complaint.dispatched after the complaint was resolved; dispatch is not measured");
        assertThat(step.timeline().completion(SlaStage.DISPATCH)).isNull();
    }

    @Test
    void aStageEventDatedBeforeTheReportIsRejectedAndNotMeasured() {
        TimelineStep step = ComplaintTimeline.evolve(reported, dispatched(tree, T0.minusSeconds(1)), REFERENCE);

        assertThat(step.facts()).isEmpty();
        assertThat(step.rejection()).isEqualTo("complaint.dispatched at 2026-03-02T07:59:59Z is before the report at "
                + "2026-03-02T08:00:00Z; dispatch is not measured");
        assertThat(step.timeline().pending()).contains(SlaStage.DISPATCH);
    }

    @Test
    void aPauseWhilePausedAndAResumeWhileRunningAreRejectedAndChangeNothing() {
        TimelineStep resume = ComplaintTimeline.evolve(reported, Complaints.resumed(tree, T0.plusSeconds(10)), REFERENCE);
        assertThat(resume.rejection()).isEqualTo("complaint.clock-resumed while the clocks run (no pause of this complaint is "
                + "open); nothing changes");
        assertThat(resume.timeline().pauses()).isEmpty();

        ComplaintTimeline paused = ComplaintTimeline.evolve(reported, Complaints.paused(tree, "waiting-other-department",
                T0.plusSeconds(20)), REFERENCE).timeline();
        assertThat(paused.isPaused()).isTrue();
        assertThat(paused.alarms()).isEmpty();
        TimelineStep again = ComplaintTimeline.evolve(paused, Complaints.paused(tree, "waiting-other-department",
                T0.plusSeconds(30)), REFERENCE);
        assertThat(again.rejection()).isEqualTo("complaint.clock-paused while the clocks are paused since 2026-03-02T08:00:20Z; "
                + "nothing changes");
        assertThat(again.timeline().pauses()).isEqualTo(paused.pauses());
    }

    @Test
    void closeIsMeasuredInWorkingDaysFromTheResolution() {
        ComplaintTimeline done = ComplaintTimeline.evolve(ComplaintTimeline.evolve(ComplaintTimeline.evolve(reported,
                dispatched(tree, T0.plusSeconds(60)), REFERENCE).timeline(), acknowledged(tree, T0.plusSeconds(120)), REFERENCE)
                .timeline(), resolved(tree, T0.plus(Duration.ofHours(1))), REFERENCE).timeline();
        assertThat(done.pending()).as("arrive was never reported; only close runs").containsExactly(SlaStage.CLOSE);
        Instant closedAt = Instant.parse("2026-03-06T08:00:00Z"); // Friday 15:00 WIB

        TimelineStep close = ComplaintTimeline.evolve(done, Complaints.closed(tree, closedAt), REFERENCE);

        assertThat(close.facts()).as("8 h of Monday from 16:00 WIB, Tuesday to Thursday, 15 h of Friday").containsExactly(
                new StageMet(SlaStage.CLOSE, "fallen-tree", "DLH", T0.plus(Duration.ofHours(1)), closedAt, 342_000_000,
                        864_000_000, true));
        assertThat(close.timeline().pending()).isEmpty();
    }

    @Test
    void aCloseBeforeTheResolutionIsRejectedAndStopsTheClocks() {
        TimelineStep close = ComplaintTimeline.evolve(reported, Complaints.closed(tree, T0.plusSeconds(60)), REFERENCE);

        assertThat(close.facts()).isEmpty();
        assertThat(close.rejection()).isEqualTo("complaint.closed before job.resolved breaks the lifecycle; the clocks stop "
                + "and close is not measured");
        assertThat(close.timeline().stopReason()).isEqualTo(ComplaintTimeline.CLOSED);
        assertThat(close.timeline().pending()).isEmpty();
    }
}
