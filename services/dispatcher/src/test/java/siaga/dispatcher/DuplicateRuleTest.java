package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.dispatcher.BoardFixture.NOW;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.board.DispatchBoard;
import siaga.dispatcher.board.Job;
import siaga.dispatcher.board.WaitingComplaint;
import siaga.testing.ReferenceFixtures;

/**
 * Duplicates by each category's own rule (madiun.yaml: fallen-tree within 100 m and 6 h, street-light-out within
 * 50 m and 24 h), the dispatcher's default (150 m, 2 h) for a category without one, and a rule changed live on the
 * {@code reference} topic. No crew is on shift, so every complaint not merged is queued, and stays open.
 */
class DuplicateRuleTest {
    static final GeoPoint HERE = new GeoPoint(-7.6200, 111.5300);
    static final GeoPoint FORTY_METRES_SOUTH = new GeoPoint(-7.62036, 111.5300);
    static final GeoPoint EIGHTY_METRES_NORTH = new GeoPoint(-7.61928, 111.5300);
    static final GeoPoint HUNDRED_TWENTY_METRES_NORTH = new GeoPoint(-7.61892, 111.5300);
    static final GeoPoint HUNDRED_TWENTY_METRES_SOUTH = new GeoPoint(-7.62108, 111.5300);

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
    void eachCategoryMergesWithinItsOwnRadiusAndWindow() {
        board.report("t-1", "fallen-tree", 2, HERE);
        board.report("s-1", "street-light-out", 3, HERE);
        board.report("t-2", "fallen-tree", 2, EIGHTY_METRES_NORTH);
        board.report("s-2", "street-light-out", 3, EIGHTY_METRES_NORTH);
        board.advance(Duration.ofHours(7));
        board.report("t-3", "fallen-tree", 2, FORTY_METRES_SOUTH);
        board.report("s-3", "street-light-out", 3, FORTY_METRES_SOUTH);

        assertThat(board.nextDecision("t-1")).isInstanceOf(ComplaintQueued.class);
        assertThat(board.nextDecision("s-1")).isInstanceOf(ComplaintQueued.class);
        assertThat(board.nextDecision("t-2")).as("80 m is within fallen-tree's 100 m").isEqualTo(new ComplaintMerged("t-1",
                "MDN-2026-000001", 80, 2, "same category fallen-tree 80 m and 0 min from open complaint MDN-2026-000001"
                        + " (fallen-tree's rule: within 100 m and 6.0 h); it now has 2 reporters", DispatchRules.RULE_VERSION));
        assertThat(board.nextDecision("s-2")).as("80 m is beyond street-light-out's 50 m").isInstanceOf(ComplaintQueued.class);
        assertThat(board.nextDecision("t-3")).as("7 h is beyond fallen-tree's 6 h").isInstanceOf(ComplaintQueued.class);
        assertThat(board.nextDecision("s-3")).as("7 h is within street-light-out's 24 h").isEqualTo(new ComplaintMerged("s-1",
                "MDN-2026-000002", 40, 25_204, "same category street-light-out 40 m and 7.0 h from open complaint MDN-2026-000002"
                        + " (street-light-out's rule: within 50 m and 24.0 h); it now has 2 reporters", DispatchRules.RULE_VERSION));
        assertThat(board.dispatch.isEmpty()).isTrue();
        assertThat(board.job("t-1").reporters()).isEqualTo(2);
        assertThat(board.job("s-1").reporters()).isEqualTo(2);
        assertThat(board.job("s-2").status()).isEqualTo(Job.Status.QUEUED);
        assertThat(board.job("t-3").status()).isEqualTo(Job.Status.QUEUED);
    }

    @Test
    void aCategoryWithoutARuleOfItsOwnMergesByTheConfiguredDefault() {
        board.report("p-1", "overgrown-park", 4, HERE);
        board.report("p-2", "overgrown-park", 4, HUNDRED_TWENTY_METRES_NORTH);

        assertThat(board.nextDecision("p-1")).isInstanceOf(ComplaintQueued.class);
        assertThat(board.nextDecision("p-2")).isEqualTo(new ComplaintMerged("p-1", "MDN-2026-000001", 120, 1,
                "same category overgrown-park 120 m and 0 min from open complaint MDN-2026-000001"
                        + " (the default rule: within 150 m and 2.0 h); it now has 2 reporters", DispatchRules.RULE_VERSION));
        assertThat(board.dispatch.isEmpty()).isTrue();
    }

    @Test
    void aRuleChangedOnTheReferenceTopicDecidesTheNextReportAndTheOpenComplaintsAreIndexedForIt() {
        board.report("t-1", "fallen-tree", 2, HERE);
        board.report("t-2", "fallen-tree", 2, HUNDRED_TWENTY_METRES_NORTH);
        assertThat(board.nextDecision("t-1")).isInstanceOf(ComplaintQueued.class);
        assertThat(board.nextDecision("t-2")).as("120 m is beyond fallen-tree's 100 m").isInstanceOf(ComplaintQueued.class);

        board.publish(ReferenceFixtures.withDuplicate(board.reference.primary(), "fallen-tree",
                new ReferenceData.DuplicateRule(200, Duration.ofHours(6))));
        board.report("t-3", "fallen-tree", 2, HUNDRED_TWENTY_METRES_SOUTH);

        assertThat(board.nextDecision("t-3")).isEqualTo(new ComplaintMerged("t-1", "MDN-2026-000001", 120, 2,
                "same category fallen-tree 120 m and 0 min from open complaint MDN-2026-000001"
                        + " (fallen-tree's rule: within 200 m and 6.0 h); it now has 2 reporters", DispatchRules.RULE_VERSION));
        assertThat(openKeys()).as("both open complaints in cells of the new rule").containsExactly(
                "madiun/DLH/fallen-tree/201/-4208:61591/t-2", "madiun/DLH/fallen-tree/201/-4209:61591/t-1");

        board.report(Event.of(new ComplaintCancelled("laporan ganda"), "madiun", "t-1", new Actor(ActorRole.OPERATOR, "op-1"),
                "corr-t-1", board.tick()));
        board.report("t-4", "fallen-tree", 2, HERE);

        assertThat(((ComplaintMerged) board.nextDecision("t-4")).intoComplaintId())
                .as("the cancelled complaint left the index; the other one, 120 m away, is found in its new cell").isEqualTo("t-2");
        assertThat(openKeys()).containsExactly("madiun/DLH/fallen-tree/201/-4208:61591/t-2");
        assertThat(board.dispatch.isEmpty()).isTrue();
    }

    @Test
    void openComplaintsIndexedBeforeCellsHadSizesAreIndexedAgainAndStillFound() {
        WaitingComplaint earlier = new WaitingComplaint("t-0", "MDN-2026-000000", "madiun", "corr-t-0", "fallen-tree", "DLH",
                "tree-clearing", 2, HERE, NOW, Duration.ofMinutes(15));
        KeyValueStore<String, WaitingComplaint> open = board.driver.getKeyValueStore(DispatchBoard.OPEN_STORE);
        KeyValueStore<String, Job> jobs = board.driver.getKeyValueStore(DispatchBoard.JOBS_STORE);
        jobs.put("t-0", new Job(earlier, "madiun/DLH", Job.Status.QUEUED, null, List.of(), 0, 1, null, null, null));
        open.put("madiun/DLH/fallen-tree/-5691:1241571/t-0", earlier);

        board.report("t-1", "fallen-tree", 2, FORTY_METRES_SOUTH);

        assertThat(((ComplaintMerged) board.nextDecision("t-1")).intoComplaintId()).isEqualTo("t-0");
        assertThat(openKeys()).containsExactly("madiun/DLH/fallen-tree/101/-8375:122572/t-0");
        assertThat(board.dispatch.isEmpty()).isTrue();
    }

    private List<String> openKeys() {
        KeyValueStore<String, WaitingComplaint> store = board.driver.getKeyValueStore(DispatchBoard.OPEN_STORE);
        List<String> keys = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
