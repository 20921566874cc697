package siaga.sla.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.reported;
import static siaga.sla.Complaints.resolved;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;

/** The transitions of the fold the topology test does not reach: the illegal and the uneventful ones. */
class ComplaintTimelineTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final ReferenceCatalog REFERENCE = ReferenceCatalog.demo();

    private final Event<ComplaintReported> tree = aFallenTree("C-1", T0);
    private final ComplaintTimeline reported = ComplaintTimeline.evolve(null, tree, REFERENCE).timeline();

    @Test
    void aReportStartsEveryStageWithTheTargetsOfItsCategory() {
        assertThat(reported).isEqualTo(new ComplaintTimeline("madiun", "fallen-tree", "DLH", "corr-C-1", T0,
                new StageTargets(300_000, 900_000, 14_400_000), null, null, null, Set.of(), List.of(tree.eventId())));
        assertThat(reported.pending()).containsExactly(SlaStage.DISPATCH, SlaStage.ACKNOWLEDGE, SlaStage.RESOLVE);
        assertThat(reported.dueAt(SlaStage.ACKNOWLEDGE)).isEqualTo(T0.plus(Duration.ofMinutes(15)));
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
    void aQueuedComplaintKeepsItsDispatchClockRunning() {
        var queued = tree.followedBy(new ComplaintQueued("DLH", "no crew on shift"), Actor.system("dispatcher"), T0.plusSeconds(10));
        TimelineStep step = ComplaintTimeline.evolve(reported, queued, REFERENCE);

        assertThat(step.facts()).isEmpty();
        assertThat(step.rejection()).isNull();
        assertThat(step.timeline().pending()).contains(SlaStage.DISPATCH);
    }

    @Test
    void anAcknowledgementBeforeTheDispatchIsRejectedYetMeasured() {
        TimelineStep step = ComplaintTimeline.evolve(reported, acknowledged(tree, T0.plus(Duration.ofMinutes(4))), REFERENCE);

        assertThat(step.facts()).containsExactly(new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0,
                T0.plus(Duration.ofMinutes(4)), 240_000, 900_000, true));
        assertThat(step.rejection()).isEqualTo("job.acknowledged before complaint.dispatched breaks the lifecycle; acknowledge measured anyway");
        assertThat(step.timeline().pending()).containsExactly(SlaStage.DISPATCH, SlaStage.RESOLVE);
    }

    @Test
    void aStageEventAfterTheResolutionIsRejectedAndNotMeasured() {
        ComplaintTimeline done = ComplaintTimeline.evolve(reported, resolved(tree, T0.plus(Duration.ofMinutes(30))), REFERENCE).timeline();
        TimelineStep step = ComplaintTimeline.evolve(done, dispatched(tree, T0.plus(Duration.ofMinutes(31))), REFERENCE);

        assertThat(step.facts()).isEmpty();
        assertThat(step.rejection()).isEqualTo("complaint.dispatched after the complaint was resolved; dispatch is not measured");
        assertThat(step.timeline().dispatchedAt()).isNull();
    }

    @Test
    void aStageEventDatedBeforeTheReportIsRejectedAndNotMeasured() {
        TimelineStep step = ComplaintTimeline.evolve(reported, dispatched(tree, T0.minusSeconds(1)), REFERENCE);

        assertThat(step.facts()).isEmpty();
        assertThat(step.rejection()).isEqualTo("complaint.dispatched at 2026-03-02T07:59:59Z is before the report at "
                + "2026-03-02T08:00:00Z; dispatch is not measured");
        assertThat(step.timeline().pending()).contains(SlaStage.DISPATCH);
    }
}
