package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.dispatcher.BoardFixture.NOW;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintSplit;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.SupervisorAlerted;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.board.Job;
import siaga.dispatcher.explain.Explanation;

/** A complaint after its first decision: duplicates, escalation on the wall clock, declines, moves, shift ends, replay. */
class DispatchLifecycleTest {
    static final GeoPoint NEAR_DLH_1 = new GeoPoint(-7.6120, 111.5230);
    static final GeoPoint FORTY_METRES_ON = new GeoPoint(-7.61236, 111.5230);

    @TempDir
    Path stateDir;
    BoardFixture board;

    @BeforeEach
    void start() {
        board = new BoardFixture(stateDir, DispatcherTopologyTest.REFERENCE, DispatchRules.defaults());
    }

    @AfterEach
    void close() {
        board.close();
    }

    @Test
    void aDuplicateNearbyIsMergedIntoTheOpenComplaintAndASplitDispatchesItOnItsOwn() {
        board.startShift("dlh-1");
        board.startShift("dlh-3");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.advance(Duration.ofMinutes(10));
        board.report("c-2", "fallen-tree", 2, FORTY_METRES_ON);
        board.report("c-3", "flood", 1, FORTY_METRES_ON);

        assertThat(board.nextDecision("c-1")).isInstanceOf(ComplaintDispatched.class);
        assertThat(board.nextDecision("c-2")).isEqualTo(new ComplaintMerged("c-1", "MDN-2026-000001", 40, 601,
                "same category fallen-tree 40 m and 10 min from open complaint MDN-2026-000001 (fallen-tree's rule: within 100 m and 6.0 h);"
                        + " it now has 2 reporters", DispatchRules.RULE_VERSION));
        assertThat(board.nextDecision("c-3")).as("another category is no duplicate").isInstanceOf(ComplaintQueued.class);
        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(board.job("c-1").reporters()).isEqualTo(2);
        assertThat(board.explanation("c-1").reporters()).isEqualTo(2);
        Explanation merged = board.explanation("c-2");
        assertThat(merged.status()).isEqualTo("merged");
        assertThat(merged.mergedInto()).isEqualTo("c-1");
        assertThat(merged.decision().type()).isEqualTo("complaint.merged");

        board.report(Event.of(new ComplaintSplit("c-1", "rumah berbeda, pohon lain"), "madiun", "c-2",
                new Actor(ActorRole.OPERATOR, "op-1"), "corr-c-2", board.tick()));

        ComplaintDispatched alone = (ComplaintDispatched) board.nextDecision("c-2");
        assertThat(alone.crewId()).as("an open job weighs 2 km: dlh-1's score of 2.2 km still beats dlh-3's 3.1 km").isEqualTo("dlh-1");
        assertThat(alone.reason()).startsWith("split off MDN-2026-000001 by an operator; lowest score of 2 able crews");
        assertThat(board.job("c-1").reporters()).isEqualTo(1);
        assertThat(board.explanation("c-2").status()).isEqualTo("dispatched");
    }

    @Test
    void aJobNotAcknowledgedInTimeIsEscalatedAtTheExactMomentAndReassignedNeverToTheSameCrew() {
        board.startShift("dlh-1");
        board.startShift("dlh-2");
        board.startShift("dlh-3");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        assertThat(((ComplaintDispatched) board.nextDecision("c-1")).crewId()).isEqualTo("dlh-1");
        Duration target = Duration.ofMinutes(15);

        board.advance(target.minusMillis(1));
        assertThat(board.dispatch.isEmpty()).as("1 ms before the target nothing happens").isTrue();
        board.advance(Duration.ofMillis(1));

        ComplaintEscalated escalated = (ComplaintEscalated) board.nextDecision("c-1");
        assertThat(escalated).isEqualTo(new ComplaintEscalated("dlh-1", "DLH", 1,
                "crew dlh-1 did not acknowledge within 15 min (due " + NOW.plusSeconds(4).plus(target) + "); escalation 1"));
        ComplaintReassigned reassigned = (ComplaintReassigned) board.nextDecision("c-1");
        assertThat(reassigned.fromCrewId()).isEqualTo("dlh-1");
        assertThat(reassigned.toCrewId()).isEqualTo("dlh-3");
        assertThat(reassigned.reason()).startsWith("crew dlh-1 did not acknowledge within 15 min");
        assertThat(reassigned.candidates()).filteredOn(c -> c.crewId().equals("dlh-1")).singleElement()
                .extracting(siaga.contracts.events.Candidate::status).isEqualTo("declined");
        assertThat(board.dispatch.isEmpty()).as("exactly one escalation").isTrue();
        assertThat(board.crew("dlh-1").openJobs()).isEmpty();

        board.advance(target);
        assertThat(((ComplaintEscalated) board.nextDecision("c-1")).escalation()).isEqualTo(2);
        assertThat(((ComplaintReassigned) board.nextDecision("c-1")).toCrewId()).isEqualTo("dlh-2");

        board.advance(target);
        assertThat(((ComplaintEscalated) board.nextDecision("c-1")).escalation()).isEqualTo(3);
        ComplaintQueued nobody = (ComplaintQueued) board.nextDecision("c-1");
        assertThat(nobody.reason()).endsWith("no crew free: 3 declined it or let it pass unacknowledged of 3 DLH crews with tree-clearing");
        assertThat(board.nextDecision("c-1")).isEqualTo(new SupervisorAlerted("DLH", 3, "complaint MDN-2026-000001 escalated 3 times;"
                + " last: crew dlh-2 did not acknowledge within 15 min (due " + NOW.plusSeconds(4).plus(target.multipliedBy(3)) + ")"));
        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(board.explanation("c-1").escalations()).isEqualTo(3);
        assertThat(board.explanation("c-1").excludedCrews()).containsExactly("dlh-1", "dlh-3", "dlh-2");
    }

    @Test
    void anAcknowledgedJobIsNotEscalated() {
        board.startShift("dlh-1");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.nextDecision("c-1");
        board.field("c-1", new JobAcknowledged("dlh-1", board.clock.instant()));

        board.advance(Duration.ofHours(1));

        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(board.job("c-1").status()).isEqualTo(Job.Status.ACKNOWLEDGED);
        assertThat(board.explanation("c-1").status()).isEqualTo("acknowledged");
    }

    @Test
    void aDeclinedJobGoesToAnotherCrewAndNeverBackToTheOneThatDeclined() {
        board.startShift("dlh-1");
        board.startShift("dlh-3");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.nextDecision("c-1");

        board.field("c-1", new JobDeclined("dlh-1", "vehicle-broken", "ban bocor", board.clock.instant()));
        ComplaintReassigned reassigned = (ComplaintReassigned) board.nextDecision("c-1");
        assertThat(reassigned.fromCrewId()).isEqualTo("dlh-1");
        assertThat(reassigned.toCrewId()).isEqualTo("dlh-3");
        assertThat(reassigned.reason()).startsWith("crew dlh-1 declined it (vehicle-broken); only crew able");

        board.field("c-1", new JobDeclined("dlh-3", "unsafe-conditions", null, board.clock.instant()));
        ComplaintQueued queued = (ComplaintQueued) board.nextDecision("c-1");
        assertThat(queued.reason()).isEqualTo("crew dlh-3 declined it (unsafe-conditions); no crew free:"
                + " 2 declined it or let it pass unacknowledged, 1 off shift of 3 DLH crews with tree-clearing");
        board.endShift("dlh-1");
        board.startShift("dlh-1");
        assertThat(board.dispatch.isEmpty()).as("dlh-1 starting again does not get the job it declined").isTrue();
        assertThat(board.crew("dlh-1").openJobs()).isEmpty();
    }

    @Test
    void aCrewThatCannotFixItSendsItToTheNeededDepartmentWhoseBoardDispatchesIt() {
        board.startShift("dlh-1");
        board.startShift("pupr-1");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.nextDecision("c-1");

        board.field("c-1", new JobCannotFix("dlh-1", "PUPR", "jalan amblas di bawah pohon", board.clock.instant()));

        assertThat(board.nextDecision("c-1")).isEqualTo(new ComplaintQueued("PUPR",
                "crew dlh-1 cannot fix it, PUPR is needed (jalan amblas di bawah pohon); moved to the PUPR board", List.of(), DispatchRules.RULE_VERSION));
        ComplaintDispatched there = (ComplaintDispatched) board.nextDecision("c-1");
        assertThat(there.crewId()).isEqualTo("pupr-1");
        assertThat(there.department()).isEqualTo("PUPR");
        assertThat(there.reason()).startsWith("moved here from another department; only crew able to take it of 2 PUPR crews (");
        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(board.crew("dlh-1").openJobs()).isEmpty();
        assertThat(board.crew("pupr-1").openJobs()).containsExactly("c-1");
        assertThat(board.explanation("c-1").department()).isEqualTo("PUPR");
    }

    @Test
    void aCrewEndingItsShiftHandsItsOpenJobsOn() {
        board.startShift("dlh-1");
        board.startShift("dlh-2");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.nextDecision("c-1");

        board.endShift("dlh-1");

        ComplaintReassigned reassigned = (ComplaintReassigned) board.nextDecision("c-1");
        assertThat(reassigned.fromCrewId()).isEqualTo("dlh-1");
        assertThat(reassigned.toCrewId()).isEqualTo("dlh-2");
        assertThat(reassigned.reason()).startsWith("crew dlh-1 ended its shift with it open; only crew able to take it");
        assertThat(board.dispatch.isEmpty()).isTrue();
    }

    @Test
    void theSameInputsGiveTheSameDecisions() {
        Consumer<BoardFixture> story = b -> {
            b.startShift("dlh-1");
            b.startShift("dlh-2");
            b.startShift("dlh-3");
            for (int i = 0; i < 8; i++) {
                b.report("c-" + i, "fallen-tree", 1 + i % 3, new GeoPoint(-7.60 - i * 0.005, 111.52 + i * 0.003));
            }
            b.field("c-0", new JobDeclined("dlh-1", "crew-incomplete", null, b.clock.instant()));
            b.advance(Duration.ofMinutes(16));
            b.endShift("dlh-2");
        };
        List<Event<DispatchEvent>> first = run(story);
        board.close();
        board = new BoardFixture(stateDir.resolve("again"), DispatcherTopologyTest.REFERENCE, DispatchRules.defaults());
        List<Event<DispatchEvent>> second = run(story);

        assertThat(first).hasSizeGreaterThan(15);
        assertThat(second).usingRecursiveFieldByFieldElementComparatorIgnoringFields("eventId", "occurredAt").isEqualTo(first);
    }

    private List<Event<DispatchEvent>> run(Consumer<BoardFixture> story) {
        story.accept(board);
        return board.drain();
    }

}
