package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.dispatcher.BoardFixture.NOW;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.events.Candidate;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.JobResolved;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.board.CrewOnBoard;
import siaga.dispatcher.board.Job;

/** Choosing a crew: who is a candidate, how they are ranked, what the evidence says, queueing and serving the queue. */
class DispatcherTopologyTest {
    static final GeoPoint JALAN_PAHLAWAN = new GeoPoint(-7.6290, 111.5240);
    static final GeoPoint NEAR_DLH_1 = new GeoPoint(-7.6120, 111.5230);
    static final GeoPoint NEAR_DLH_3 = new GeoPoint(-7.6310, 111.5440);
    static final List<String> TREES = List.of("tree-clearing");

    /** Kota Madiun plus a DLH crew that mows parks and cannot clear trees. */
    static final ReferenceCatalog REFERENCE = withMowers(ReferenceData.demo());

    @TempDir
    Path stateDir;
    BoardFixture board;

    @BeforeEach
    void start() {
        board = new BoardFixture(stateDir, REFERENCE, DispatchRules.defaults());
    }

    @AfterEach
    void close() {
        board.close();
    }

    @Test
    void dispatchesToTheOnlyAbleCrewAndListsEveryCrewOfTheDepartmentAsEvidence() {
        board.startShift("dlh-mower", new GeoPoint(-7.6291, 111.5241));
        board.startShift("dlh-3", new GeoPoint(-7.6295, 111.5245));
        board.endShift("dlh-3");
        board.startShift("dlh-2");

        board.report("c-1", "fallen-tree", 2, JALAN_PAHLAWAN);

        assertThat(board.nextDecision("c-1")).isEqualTo(new ComplaintDispatched("dlh-2", "DLH", 2376, 0,
                "only crew able to take it of 3 DLH crews with tree-clearing (2.4 km away, 0 open jobs)",
                List.of(new Candidate("dlh-2", "available", 2376, 1, 0, TREES),
                        new Candidate("dlh-3", "off-shift", 78, 3, 0, TREES),
                        new Candidate("dlh-1", "off-shift", 2116, -1, 0, TREES),
                        new Candidate("dlh-mower", "wrong-skill", 16, 4, 0, List.of("mowing"))),
                DispatchRules.RULE_VERSION));
        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(board.deadLetter.isEmpty()).isTrue();
        assertThat(board.crew("dlh-2").openJobs()).containsExactly("c-1");
        Job job = board.job("c-1");
        assertThat(job.status()).isEqualTo(Job.Status.DISPATCHED);
        assertThat(job.crewId()).isEqualTo("dlh-2");
        assertThat(job.acknowledgeDueAt()).isEqualTo(NOW.plusSeconds(5).plus(Duration.ofMinutes(15)));
    }

    @Test
    void travelAndLoadAreWeighedTogetherAnOpenJobCountingAsTwoKilometres() {
        board.startShift("dlh-1");
        board.startShift("dlh-3");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.report("c-2", "fallen-tree", 2, new GeoPoint(-7.6140, 111.5230));

        ComplaintDispatched first = (ComplaintDispatched) board.nextDecision("c-1");
        assertThat(first.crewId()).isEqualTo("dlh-1");
        assertThat(first.reason()).isEqualTo("lowest score of 2 able crews (222 m away, 0 open jobs: score 222 m; next dlh-3 3.1 km)");
        ComplaintDispatched second = (ComplaintDispatched) board.nextDecision("c-2");
        assertThat(second.crewId()).as("445 m + one open job (2.4 km) still beats 3.0 km").isEqualTo("dlh-1");
        assertThat(second.reason()).isEqualTo("lowest score of 2 able crews (445 m away, 1 open job: score 2.4 km; next dlh-3 3.0 km)");
        assertThat(board.dispatch.isEmpty()).isTrue();
    }

    @Test
    void aCrewAtTheJobLimitIsBusyAndTheComplaintWaitsThenTheMostUrgentIsServedFirst() {
        board.close();
        board = new BoardFixture(stateDir, REFERENCE, DispatchRules.defaults().withMaxJobsPerCrew(1));
        board.startShift("dlh-1");
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.report("c-2", "fallen-tree", 3, JALAN_PAHLAWAN);
        board.report("c-3", "fallen-tree", 1, NEAR_DLH_3);

        assertThat(board.nextDecision("c-1")).isInstanceOf(ComplaintDispatched.class);
        ComplaintQueued queued = (ComplaintQueued) board.nextDecision("c-2");
        assertThat(queued).isEqualTo(new ComplaintQueued("DLH",
                "all on-shift crews busy: 1 busy (at the limit of 1 open job), 2 off shift of 3 DLH crews with tree-clearing",
                List.of(new Candidate("dlh-1", "busy", 2116, 2, 1, TREES),
                        new Candidate("dlh-3", "off-shift", 2317, -1, 0, TREES),
                        new Candidate("dlh-2", "off-shift", 2376, -1, 0, TREES),
                        new Candidate("dlh-mower", "wrong-skill", 455, -1, 0, List.of("mowing"))),
                DispatchRules.RULE_VERSION));
        assertThat(board.nextDecision("c-3")).isInstanceOf(ComplaintQueued.class);

        board.field("c-1", new JobResolved("dlh-1", "pohon disingkirkan", null, NOW));

        ComplaintDispatched urgent = (ComplaintDispatched) board.nextDecision("c-3");
        assertThat(urgent.crewId()).isEqualTo("dlh-1");
        assertThat(urgent.reason()).endsWith("; queued until crew dlh-1 resolved MDN-2026-000001");
        assertThat(board.dispatch.isEmpty()).as("c-2 still waits: dlh-1 is at its limit again").isTrue();
        assertThat(board.job("c-2").status()).isEqualTo(Job.Status.QUEUED);
    }

    @Test
    void noCrewOnShiftQueuesWithTheReasonAndAShiftStartServesTheQueue() {
        Event<ComplaintReported> tree = board.report("c-1", "fallen-tree", 2, JALAN_PAHLAWAN);

        ComplaintQueued queued = (ComplaintQueued) board.nextDecision("c-1");
        assertThat(queued.reason()).isEqualTo("none of the 3 DLH crews with tree-clearing is on shift");
        assertThat(queued.ruleVersion()).isEqualTo(DispatchRules.RULE_VERSION);

        board.startShift("dlh-1");

        ComplaintDispatched dispatched = (ComplaintDispatched) board.nextDecision("c-1");
        assertThat(dispatched.reason()).isEqualTo(
                "only crew able to take it of 3 DLH crews with tree-clearing (2.1 km away, 0 open jobs); queued until crew dlh-1 started its shift");
        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(tree.subjectId()).isEqualTo("c-1");
    }

    @Test
    void aStaleLocationCountsAsTheDepotAndTheEvidenceSaysSo() {
        board.startShift("dlh-1", NEAR_DLH_3);
        board.startShift("dlh-3", NEAR_DLH_1);
        board.reportLocation("dlh-3", NEAR_DLH_1, board.clock.instant().minus(Duration.ofMinutes(31)));
        board.advance(Duration.ofMinutes(31));

        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);

        ComplaintDispatched dispatched = (ComplaintDispatched) board.nextDecision("c-1");
        assertThat(dispatched.crewId()).as("dlh-3 says it is at the spot, but that was 31 minutes ago").isEqualTo("dlh-1");
        assertThat(dispatched.candidates()).startsWith(
                new Candidate("dlh-1", "stale-location", 222, 1863, 0, TREES),
                new Candidate("dlh-3", "stale-location", 3144, 1862, 0, TREES));
        assertThat(dispatched.reason()).isEqualTo("lowest score of 2 able crews (222 m away, 0 open jobs: score 222 m; next dlh-3 3.1 km)"
                + "; its location is 31 min old (stale), so measured from its depot");
    }

    @Test
    void aCrewOfANewerReferenceVersionBecomesACandidate() {
        ReferenceData demo = REFERENCE.primary();
        List<ReferenceData.Crew> crews = new ArrayList<>(demo.crews());
        crews.add(new ReferenceData.Crew("dlh-4", "Regu Pertamanan Baru", "DLH", TREES, NEAR_DLH_1));
        board.publish(new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), demo.categories(), crews));
        board.startShift("dlh-1");

        board.crews.pipeInput("dlh-4", EventCodec.encode(Event.of(new siaga.contracts.events.ShiftStarted("dlh-4", "DLH", NEAR_DLH_1),
                "madiun", "dlh-4", new siaga.contracts.Actor(siaga.contracts.ActorRole.CREW, "dlh-4"), "shift-dlh-4", board.tick())));
        board.report("c-1", "fallen-tree", 2, NEAR_DLH_1);

        ComplaintDispatched dispatched = (ComplaintDispatched) board.nextDecision("c-1");
        assertThat(dispatched.crewId()).isEqualTo("dlh-4");
        assertThat(dispatched.candidates()).extracting(Candidate::crewId).contains("dlh-4", "dlh-1", "dlh-2", "dlh-3");
        assertThat(board.deadLetter.isEmpty()).isTrue();
    }

    @Test
    void unknownCrewsCategoriesAndComplaintsGoToDeadLetterAndARepeatedEventIsIgnored() {
        board.startShift("dlh-1");
        Event<ComplaintReported> volcano = Event.of(new ComplaintReported("MDN-2026-000009", "volcano", "DLH", 1,
                NEAR_DLH_1, "Jl. Pahlawan", "Abu vulkanik", new siaga.contracts.events.Reporter("Sri", "081234567890")),
                "madiun", "c-9", new siaga.contracts.Actor(siaga.contracts.ActorRole.OPERATOR, "op-1"), "corr-c-9", board.tick());
        board.complaints.pipeInput("c-0", "{not json".getBytes(StandardCharsets.UTF_8));
        board.report(volcano);
        java.time.Instant volcanoAt = board.clock.instant();
        Event<JobResolved> unknownCrew = board.field("c-8", new JobResolved("dlh-99", "selesai", null, NOW));
        java.time.Instant unknownCrewAt = board.clock.instant();
        Event<JobResolved> unknownJob = board.field("c-8", new JobResolved("dlh-1", "selesai", null, NOW));
        java.time.Instant unknownJobAt = board.clock.instant();
        Event<ComplaintReported> tree = board.complaint("c-1", "fallen-tree", 2, NEAR_DLH_1);
        board.report(tree);
        board.report(tree);
        board.complaints.pipeInput("c-1", EventCodec.encode(tree));

        assertThat(board.nextDeadLetter().reason()).startsWith("not valid JSON");
        assertThat(board.nextDeadLetter()).isEqualTo(new DeadLetter("complaints", 0, 1, "c-9",
                new String(EventCodec.encode(volcano), StandardCharsets.UTF_8), "unknown category volcano in jurisdiction madiun",
                "dispatcher", volcanoAt));
        assertThat(board.nextDeadLetter()).isEqualTo(new DeadLetter("field", 0, 0, "c-8",
                new String(EventCodec.encode(unknownCrew), StandardCharsets.UTF_8), "unknown crew dlh-99 in jurisdiction madiun",
                "dispatcher", unknownCrewAt));
        assertThat(board.nextDeadLetter()).isEqualTo(new DeadLetter("field", 0, 1, "c-8",
                new String(EventCodec.encode(unknownJob), StandardCharsets.UTF_8), "complaint c-8 has no job on board madiun/DLH",
                "dispatcher", unknownJobAt));
        assertThat(board.deadLetter.isEmpty()).isTrue();
        assertThat(board.nextDecision("c-1")).isInstanceOf(ComplaintDispatched.class);
        assertThat(board.dispatch.isEmpty()).as("the repeated report is not dispatched again").isTrue();
        assertThat(board.crew("dlh-1")).isEqualTo(new CrewOnBoard("dlh-1", true, REFERENCE.primary().getCrew("dlh-1").depot(),
                NOW.plusSeconds(1), NOW.plusSeconds(1), List.of("c-1")));
    }

    @Test
    void ofItsOwnDecisionsReadBackOnlyThoseThatMayMoveAComplaintAreDecodedAndChecked() throws Exception {
        Event<ComplaintQueued> move = Event.of(new ComplaintQueued("PUPR", "jalan amblas", List.of(), DispatchRules.RULE_VERSION),
                "madiun", "c-1", BoardFixture.DISPATCHER, "corr-c-1", board.tick());
        ObjectNode badMove = Json.MAPPER.valueToTree(move);
        badMove.put("jurisdiction", "");
        ObjectNode badDispatch = badMove.deepCopy();
        badDispatch.put("type", "complaint.dispatched");
        board.dispatchIn.pipeInput("c-1", Json.MAPPER.writeValueAsBytes(badDispatch));
        board.dispatchIn.pipeInput("c-1", Json.MAPPER.writeValueAsBytes(badMove));
        board.dispatchIn.pipeInput("c-1", "{not json".getBytes(StandardCharsets.UTF_8));

        DeadLetter checked = board.nextDeadLetter();
        assertThat(checked.sourceOffset()).as("the dispatch at offset 0 was passed over undecoded").isEqualTo(1);
        assertThat(checked.reason()).startsWith("violates schemas/events/complaint.queued.v2.json");
        assertThat(board.nextDeadLetter().reason()).startsWith("not valid JSON");
        assertThat(board.deadLetter.isEmpty()).isTrue();
        assertThat(board.dispatch.isEmpty()).isTrue();
    }

    static ReferenceCatalog withMowers(ReferenceData demo) {
        List<ReferenceData.Category> categories = new ArrayList<>(demo.categories());
        categories.add(new ReferenceData.Category("overgrown-park", "Taman tidak terawat (overgrown park)", "DLH", "mowing", 4,
                new ReferenceData.SlaTargets(Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(3))));
        List<ReferenceData.Crew> crews = new ArrayList<>(demo.crews());
        crews.add(new ReferenceData.Crew("dlh-mower", "Regu Potong Rumput", "DLH", List.of("mowing"), new GeoPoint(-7.6280, 111.5200)));
        return new ReferenceCatalog(List.of(new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), categories, crews)));
    }
}
