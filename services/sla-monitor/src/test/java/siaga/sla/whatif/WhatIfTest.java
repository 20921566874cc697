package siaga.sla.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.dispatched;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.contracts.reference.ReferenceData.SlaTargets;
import siaga.sla.summary.StageHistogram;

class WhatIfTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private final Event<ComplaintReported> treeA = aFallenTree("W-1", T0);
    private final Event<ComplaintReported> treeB = aFallenTree("W-2", T0.plusSeconds(30));
    private final List<Event<?>> history = List.of(treeA, treeB, dispatched(treeA, T0.plus(Duration.ofMinutes(4))),
            dispatched(treeB, T0.plusSeconds(30).plus(Duration.ofMinutes(6))));

    @Test
    void theSameHistoryMeasuredUnderATighterDraftMissesMoreTargetsWithTheSameTimes() {
        StageHistogram measured = new WhatIf(ReferenceCatalog.demo()).fold(history).figures().get("madiun/fallen-tree/dispatch");
        WhatIf draft = new WhatIf(withDispatchTarget(Duration.ofMinutes(3))).fold(history);
        StageHistogram drafted = draft.figures().get("madiun/fallen-tree/dispatch");

        assertThat(measured.count()).isEqualTo(2);
        assertThat(measured.withinTarget()).as("4 min within the 5 min target, 6 min not").isEqualTo(1);
        assertThat(drafted.count()).isEqualTo(2);
        assertThat(drafted.withinTarget()).as("neither within 3 min").isZero();
        assertThat(drafted.percentile(50)).isEqualTo(measured.percentile(50)).isCloseTo(240_000L, withinPercentage(0.1));
        assertThat(draft.figures()).containsOnlyKeys("madiun/fallen-tree/dispatch", "madiun/fallen-tree/forward");
        assertThat(draft.rejected()).isZero();
    }

    private static ReferenceCatalog withDispatchTarget(Duration dispatch) {
        ReferenceData demo = ReferenceData.demo();
        List<Category> categories = demo.categories().stream().map(c -> !c.code().equals("fallen-tree") ? c
                : new Category(c.code(), c.name(), c.department(), c.skill(), c.priority(),
                        new SlaTargets(dispatch, c.sla().acknowledge(), c.sla().resolve(), c.sla().arrive()), c.slaCalendar(),
                        c.priorityTargets(), c.policyVersion() + 1, c.duplicate(), c.pauseReasons(), c.attributes())).toList();
        return new ReferenceCatalog(List.of(new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), categories,
                demo.crews(), demo.users(), demo.integrators())));
    }
}
