package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static siaga.sla.Complaints.JURISDICTION;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.aFire;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.cancelled;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.merged;
import static siaga.sla.Complaints.reported;
import static siaga.sla.Complaints.resolved;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.Actor;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.sla.summary.DimensionSummary;
import siaga.sla.summary.SlaSummary;
import siaga.sla.summary.SlaWindow;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.Dimension;
import siaga.sla.timeline.OpenStage;
import siaga.sla.timeline.StageDeadlines;
import siaga.sla.timeline.StageTargets;
import siaga.testing.MutableClock;

class SlaTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Actor MONITOR = Actor.system("sla-monitor");
    private static final StageTargets FALLEN_TREE = Complaints.targets(300_000, 900_000, 2_700_000L, 14_400_000);
    private static final Duration IDLE = SlaMonitorConfig.DEFAULT_CATCH_UP_IDLE;
    private static final long FORWARD_MILLIS = Duration.ofDays(3).toMillis();
    private static final long FOLLOW_UP_MILLIS = Duration.ofDays(5).toMillis();

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(T0);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> complaints;
    private TestInputTopic<String, byte[]> dispatch;
    private TestInputTopic<String, byte[]> field;
    private TestOutputTopic<String, byte[]> sla;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> slaMetrics;

    /** An SLA fact as the test expects it: key, envelope (but the random event id) and payload. */
    record Fact(String key, String subjectId, String jurisdiction, String correlationId, Actor actor, Instant occurredAt,
                SlaEvent data) {
    }

    @BeforeEach
    void startDriver() {
        var config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        SlaMonitorConfig settings = SlaMonitorConfig.from(config);
        driver = new TopologyTestDriver(SlaTopology.build(ReferenceCatalog.demo(), clock, settings.catchUp()),
                settings.streams(), T0);
        complaints = input(Topics.COMPLAINTS);
        dispatch = input(Topics.DISPATCH);
        field = input(Topics.FIELD);
        sla = driver.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
        slaMetrics = driver.createOutputTopic(Topics.SLA_METRICS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void measuresEveryStageFromTheReportAgainstItsCategoryTarget() {
        var tree = aFallenTree("C-1", T0);
        complaints.pipeInput("C-1", Topics.COMPLAINTS.encode(tree), T0);
        advance(Duration.ofMinutes(3));
        dispatch.pipeInput("C-1", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(3)))));
        advance(Duration.ofMinutes(7));
        field.pipeInput("C-1", Topics.FIELD.encode(acknowledged(tree, T0.plus(Duration.ofMinutes(10)))));
        advance(Duration.ofMinutes(110));
        field.pipeInput("C-1", Topics.FIELD.encode(resolved(tree, T0.plus(Duration.ofHours(2)))));

        assertThat(facts()).containsExactly(
                fact("C-1", T0.plus(Duration.ofMinutes(3)), met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(3), 300_000)),
                fact("C-1", T0.plus(Duration.ofMinutes(3)), forwarded("fallen-tree", "DLH", T0, Duration.ofMinutes(3))),
                fact("C-1", T0.plus(Duration.ofMinutes(10)), met(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, Duration.ofMinutes(10), 900_000)),
                fact("C-1", T0.plus(Duration.ofHours(2)), new StageBreached(SlaStage.ARRIVE, "fallen-tree", "DLH", T0,
                        T0.plus(Duration.ofMinutes(45)), 2_700_000)),
                fact("C-1", T0.plus(Duration.ofHours(2)), followedUp("fallen-tree", "DLH", T0, Duration.ofHours(2))),
                fact("C-1", T0.plus(Duration.ofHours(2)), met(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, Duration.ofHours(2), 14_400_000)));
        assertThat(deadLetters.isEmpty()).isTrue();
        ComplaintTimeline timeline = timelines().get("C-1");
        assertThat(timeline).isEqualTo(new ComplaintTimeline(JURISDICTION, "fallen-tree", "DLH", "corr-C-1", T0, 2, 1, "always",
                FALLEN_TREE, Map.of(), timeline.deadlines(), null, "dlh-1", Map.of(SlaStage.DISPATCH, T0.plus(Duration.ofMinutes(3)),
                SlaStage.FORWARD, T0.plus(Duration.ofMinutes(3)), SlaStage.ACKNOWLEDGE, T0.plus(Duration.ofMinutes(10)),
                SlaStage.FOLLOW_UP, T0.plus(Duration.ofHours(2)), SlaStage.RESOLVE, T0.plus(Duration.ofHours(2))), List.of(), List.of(),
                Set.of(), Map.of(SlaStage.ARRIVE, ComplaintTimeline.factId("C-1", StageBreached.class, SlaStage.ARRIVE)),
                null, null, timeline.seenEventIds()));
        assertThat(timeline.deadlines().get(SlaStage.ACKNOWLEDGE)).isEqualTo(new StageDeadlines.Deadline(T0.plus(Duration.ofMinutes(12)),
                T0.plus(Duration.ofMinutes(15))));
        assertThat(timeline.seenEventIds()).hasSize(4);
        assertThat(openStages()).as("a resolved complaint has only its close clock left: 8 of 10 working days from Monday 17:00 WIB "
                + "is Thursday of the next week at 17:00 WIB").containsExactly(KeyValue.pair(new OpenStage("C-1", SlaStage.CLOSE)
                .key(Instant.parse("2026-03-12T10:00:00Z")), new OpenStage("C-1", SlaStage.CLOSE)));
    }

    @Test
    void breachesAnOpenStageOnceWhenTheClockPassesItsTarget() {
        var tree = aFallenTree("C-2", T0);
        complaints.pipeInput("C-2", Topics.COMPLAINTS.encode(tree), T0);
        advance(Duration.ofMinutes(1));
        dispatch.pipeInput("C-2", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(1)))));
        assertThat(facts()).extracting(Fact::data).extracting(SlaEvent::stage).containsExactly(SlaStage.DISPATCH, SlaStage.FORWARD);

        Instant due = T0.plus(Duration.ofMinutes(15));
        advanceTo(T0.plus(Duration.ofMinutes(12)).minusMillis(1));
        assertThat(sla.isEmpty()).as("1 ms before 80% of the acknowledge target").isTrue();
        advanceTo(T0.plus(Duration.ofMinutes(12)));
        assertThat(facts()).containsExactly(fact("C-2", T0.plus(Duration.ofMinutes(12)),
                new StageAtRisk(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, due, 900_000)));
        advanceTo(due.minusMillis(1));
        assertThat(sla.isEmpty()).as("1 ms before the acknowledge target; at risk only once").isTrue();
        advanceTo(due);
        assertThat(sla.isEmpty()).as("exactly at the target, which is still within it").isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(facts()).containsExactly(fact("C-2", due.plusSeconds(1),
                new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, due, 900_000)));

        advance(Duration.ofMinutes(30));
        assertThat(facts()).as("a stage is breached once; arrive, due at 08:45, is breached at the first look past it")
                .containsExactly(fact("C-2", due.plus(Duration.ofMinutes(30)).plusSeconds(1),
                        new StageBreached(SlaStage.ARRIVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(45)), 2_700_000)));
        assertThat(timelines().get("C-2").breaches()).containsOnlyKeys(SlaStage.ACKNOWLEDGE, SlaStage.ARRIVE);
        assertThat(openStages()).as("the next alarms are the at-risk moments of resolve and of the administrative stages, "
                + "in working days from Monday 15:00 WIB").containsExactly(
                KeyValue.pair(new OpenStage("C-2", SlaStage.RESOLVE).key(T0.plus(Duration.ofMinutes(192))), new OpenStage("C-2", SlaStage.RESOLVE)),
                KeyValue.pair(new OpenStage("C-2", SlaStage.FOLLOW_UP).key(Instant.parse("2026-03-06T08:00:00Z")),
                        new OpenStage("C-2", SlaStage.FOLLOW_UP)));
    }

    @Test
    void aResolveAfterItsTargetIsMetOutsideTargetFollowingTheLiveBreach() {
        var tree = aFallenTree("C-3", T0);
        complaints.pipeInput("C-3", Topics.COMPLAINTS.encode(tree), T0);
        advance(Duration.ofMinutes(2));
        dispatch.pipeInput("C-3", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(2)))));
        advance(Duration.ofMinutes(3));
        field.pipeInput("C-3", Topics.FIELD.encode(acknowledged(tree, T0.plus(Duration.ofMinutes(5)))));
        assertThat(facts()).extracting(Fact::data).extracting(SlaEvent::stage)
                .containsExactly(SlaStage.DISPATCH, SlaStage.FORWARD, SlaStage.ACKNOWLEDGE);

        advanceTo(T0.plus(Duration.ofHours(4)).plusSeconds(1));
        assertThat(facts()).containsExactly(
                fact("C-3", T0.plus(Duration.ofHours(4)).plusSeconds(1),
                        new StageBreached(SlaStage.ARRIVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(45)), 2_700_000)),
                fact("C-3", T0.plus(Duration.ofHours(4)).plusSeconds(1),
                        new StageBreached(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofHours(4)), 14_400_000)));

        advanceTo(T0.plus(Duration.ofHours(5)));
        field.pipeInput("C-3", Topics.FIELD.encode(resolved(tree, T0.plus(Duration.ofHours(5)))));
        assertThat(facts()).containsExactly(
                fact("C-3", T0.plus(Duration.ofHours(5)), followedUp("fallen-tree", "DLH", T0, Duration.ofHours(5))),
                fact("C-3", T0.plus(Duration.ofHours(5)),
                new StageMet(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofHours(5)), 18_000_000, 14_400_000, false)));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aLateStageTheMonitorDidNotSeeLiveIsBreachedThenMetAndTheStagesStillOpenOnceTheBacklogIsRead() {
        var tree = aFallenTree("C-4", T0);
        clock.advance(Duration.ofHours(6)); // the monitor was down; now it reads the backlog
        Instant now = clock.instant();
        complaints.pipeInput("C-4", Topics.COMPLAINTS.encode(tree), T0);
        dispatch.pipeInput("C-4", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(20)))), T0.plus(Duration.ofMinutes(20)));

        assertThat(facts()).containsExactly(
                fact("C-4", now, new StageBreached(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(5)), 300_000)),
                fact("C-4", now, new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(20)),
                        1_200_000, 300_000, false)),
                fact("C-4", now, forwarded("fallen-tree", "DLH", T0, Duration.ofMinutes(20))));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(facts()).as("still reading the backlog, which has reached 08:20: acknowledge was due at 08:15, resolve is not yet")
                .containsExactly(fact("C-4", now,
                        new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(15)), 900_000)));
        for (int second = 0; second < IDLE.toSeconds(); second++) {
            advance(Duration.ofSeconds(1));
        }
        assertThat(facts()).as("nothing more to read: the wall clock, 14:00, is past arrive's and resolve's due moments")
                .containsExactly(fact("C-4", now.plus(IDLE),
                        new StageBreached(SlaStage.ARRIVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(45)), 2_700_000)),
                        fact("C-4", now.plus(IDLE),
                        new StageBreached(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofHours(4)), 14_400_000)));
    }

    @Test
    void aDispatchForAnUnknownComplaintIsDeadLetteredAndProcessingGoesOn() {
        Event<ComplaintDispatched> stray = dispatched(aFallenTree("C-404", T0), T0.plusSeconds(30));
        dispatch.pipeInput("C-404", Topics.DISPATCH.encode(stray));

        var letters = deadLetters.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactly("C-404");
        assertThat(deadLetter(letters.get(0).value)).isEqualTo(new DeadLetter("dispatch", 0, 0, "C-404",
                new String(Topics.DISPATCH.encode(stray), StandardCharsets.UTF_8),
                "complaint.dispatched for complaint C-404, which has not been reported", "sla-monitor", T0));
        assertThat(sla.isEmpty()).isTrue();
        assertThat(timelines().get("C-404")).isNull();

        var tree = aFallenTree("C-5", T0);
        complaints.pipeInput("C-5", Topics.COMPLAINTS.encode(tree), T0);
        dispatch.pipeInput("C-5", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(4)))));
        assertThat(facts()).containsExactly(
                fact("C-5", T0, met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(4), 300_000)),
                fact("C-5", T0, forwarded("fallen-tree", "DLH", T0, Duration.ofMinutes(4))));
    }

    @Test
    void aResolveBeforeTheAcknowledgementIsDeadLetteredYetMeasured() {
        var tree = aFallenTree("C-6", T0);
        complaints.pipeInput("C-6", Topics.COMPLAINTS.encode(tree), T0);
        advance(Duration.ofMinutes(2));
        dispatch.pipeInput("C-6", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(2)))));
        advance(Duration.ofMinutes(8));
        var resolve = resolved(tree, T0.plus(Duration.ofMinutes(10)));
        field.pipeInput("C-6", Topics.FIELD.encode(resolve));

        assertThat(facts()).containsExactly(
                fact("C-6", T0.plus(Duration.ofMinutes(2)), met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(2), 300_000)),
                fact("C-6", T0.plus(Duration.ofMinutes(2)), forwarded("fallen-tree", "DLH", T0, Duration.ofMinutes(2))),
                fact("C-6", T0.plus(Duration.ofMinutes(10)), followedUp("fallen-tree", "DLH", T0, Duration.ofMinutes(10))),
                fact("C-6", T0.plus(Duration.ofMinutes(10)), met(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, Duration.ofMinutes(10), 14_400_000)));
        var letters = deadLetters.readKeyValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(deadLetter(letters.get(0).value)).isEqualTo(new DeadLetter("field", 0, 0, "C-6",
                new String(Topics.FIELD.encode(resolve), StandardCharsets.UTF_8),
                "job.resolved before job.acknowledged breaks the lifecycle; resolve measured anyway", "sla-monitor",
                T0.plus(Duration.ofMinutes(10))));

        advance(Duration.ofMinutes(10));
        assertThat(sla.isEmpty()).as("no acknowledge breach once the complaint is resolved").isTrue();
        assertThat(openStages()).extracting(kv -> kv.value.stage()).as("only the close clock runs").containsExactly(SlaStage.CLOSE);
    }

    @Test
    void aRedeliveredEventIsNotCountedTwice() {
        var tree = aFallenTree("C-7", T0);
        byte[] report = Topics.COMPLAINTS.encode(tree);
        byte[] dispatchRecord = Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(4))));
        complaints.pipeInput("C-7", report);
        dispatch.pipeInput("C-7", dispatchRecord);
        complaints.pipeInput("C-7", report);
        dispatch.pipeInput("C-7", dispatchRecord);

        assertThat(facts()).containsExactly(
                fact("C-7", T0, met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(4), 300_000)),
                fact("C-7", T0, forwarded("fallen-tree", "DLH", T0, Duration.ofMinutes(4))));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(summary("1h", T0.plus(Duration.ofMinutes(5))).categories()).containsExactly(
                new SlaSummary.CategorySummary(JURISDICTION, "fallen-tree",
                        Map.of("dispatch", new SlaSummary.StageSummary(1, 240_000, 240_000, 240_000, 100.0),
                                "forward", new SlaSummary.StageSummary(1, 240_000, 240_000, 240_000, 100.0))));
    }

    @Test
    void aSecondDispatchDoesNotMeasureTheStageAgain() {
        var tree = aFallenTree("C-8", T0);
        complaints.pipeInput("C-8", Topics.COMPLAINTS.encode(tree));
        dispatch.pipeInput("C-8", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(4)))));
        dispatch.pipeInput("C-8", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(30)))));

        assertThat(facts()).extracting(Fact::data).containsExactly(
                met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(4), 300_000),
                forwarded("fallen-tree", "DLH", T0, Duration.ofMinutes(4)));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(timelines().get("C-8").completion(SlaStage.DISPATCH)).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void theHistogramsGiveExactCountsAndPercentilesWithinATenthOfAPercent() {
        List<Event<ComplaintReported>> fires = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            var fire = aFire("F-" + i, T0);
            fires.add(fire);
            complaints.pipeInput(fire.subjectId(), Topics.COMPLAINTS.encode(fire));
        }
        for (int i = 1; i <= 100; i++) {
            var fire = fires.get(i - 1);
            dispatch.pipeInput(fire.subjectId(), Topics.DISPATCH.encode(dispatched(fire, T0.plusSeconds(i))));
        }

        SlaSummary summary = summary("1h", T0.plus(Duration.ofMinutes(2)));
        assertThat(summary.categories()).hasSize(1);
        var fire = summary.categories().get(0);
        assertThat(fire.jurisdiction()).isEqualTo(JURISDICTION);
        assertThat(fire.category()).isEqualTo("fire");
        assertThat(fire.stages()).as("stages never completed are left out").containsOnlyKeys("dispatch", "forward");
        var dispatchStage = fire.stages().get("dispatch");
        assertThat(dispatchStage.count()).isEqualTo(100);
        assertThat(dispatchStage.p50Millis()).isCloseTo(50_000L, withinPercentage(0.1));
        assertThat(dispatchStage.p90Millis()).isCloseTo(90_000L, withinPercentage(0.1));
        assertThat(dispatchStage.p99Millis()).isCloseTo(99_000L, withinPercentage(0.1));
        assertThat(dispatchStage.withinTargetPercent()).as("1..60 s within the 1 min target").isEqualTo(60.0);
    }

    @Test
    void theSummaryCountsOnlyTheMinutesInsideItsWindow() {
        var early = aFallenTree("C-9", T0);
        complaints.pipeInput("C-9", Topics.COMPLAINTS.encode(early));
        dispatch.pipeInput("C-9", Topics.DISPATCH.encode(dispatched(early, T0.plus(Duration.ofMinutes(1)))));
        var late = aFallenTree("C-10", T0.plus(Duration.ofMinutes(90)));
        complaints.pipeInput("C-10", Topics.COMPLAINTS.encode(late));
        dispatch.pipeInput("C-10", Topics.DISPATCH.encode(dispatched(late, T0.plus(Duration.ofMinutes(92)))));
        Instant now = T0.plus(Duration.ofMinutes(100));

        assertThat(summary("1h", now)).isEqualTo(new SlaSummary("1h", now.minus(Duration.ofHours(1)), now, List.of(
                new SlaSummary.CategorySummary(JURISDICTION, "fallen-tree",
                        Map.of("dispatch", new SlaSummary.StageSummary(1, 120_000, 120_000, 120_000, 100.0),
                                "forward", new SlaSummary.StageSummary(1, 120_000, 120_000, 120_000, 100.0))))));
        var day = summary("24h", now).categories();
        assertThat(day).extracting(SlaSummary.CategorySummary::category).containsExactly("fallen-tree");
        var dispatchStage = day.get(0).stages().get("dispatch");
        assertThat(dispatchStage.count()).isEqualTo(2);
        assertThat(dispatchStage.p50Millis()).as("the smaller of the two, within 0.1%").isCloseTo(60_000L, withinPercentage(0.1));
        assertThat(dispatchStage.p99Millis()).as("the largest, exactly").isEqualTo(120_000);
    }

    @Test
    void aWorkingHoursComplaintFromFridayAfternoonIsBreachedOnMondayAtTenFiftyLocal() {
        Instant friday = Instant.parse("2026-03-06T08:50:00Z"); // 15:50 WIB
        advanceTo(friday);
        var pothole = reported("C-11", "pothole", "PUPR", 4, friday);
        complaints.pipeInput("C-11", Topics.COMPLAINTS.encode(pothole));
        dispatch.pipeInput("C-11", Topics.DISPATCH.encode(dispatched(pothole, friday.plus(Duration.ofMinutes(10)))));
        assertThat(facts()).extracting(Fact::data).containsExactly(
                met(SlaStage.DISPATCH, "pothole", "PUPR", friday, Duration.ofMinutes(10), 3_600_000),
                forwarded("pothole", "PUPR", friday, Duration.ofMinutes(10)));

        advanceTo(Instant.parse("2026-03-09T03:02:00Z").minusMillis(1));
        assertThat(sla.isEmpty()).as("the weekend does not count").isTrue();
        advanceTo(Instant.parse("2026-03-09T03:02:00Z"));
        Instant due = Instant.parse("2026-03-09T03:50:00Z"); // Monday 10:50 WIB
        assertThat(facts()).extracting(Fact::data).containsExactly(
                new StageAtRisk(SlaStage.ACKNOWLEDGE, "pothole", "PUPR", friday, due, 14_400_000));
        advanceTo(due);
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(due.plusSeconds(1));
        assertThat(facts()).containsExactly(fact("C-11", due.plusSeconds(1),
                new StageBreached(SlaStage.ACKNOWLEDGE, "pothole", "PUPR", friday, due, 14_400_000)));
    }

    @Test
    void aCancelledOrMergedComplaintIsNeverWarnedNorBreachedAndLeavesTheBacklog() {
        var cancelledTree = aFallenTree("C-12", T0);
        var mergedTree = aFallenTree("C-13", T0);
        complaints.pipeInput("C-12", Topics.COMPLAINTS.encode(cancelledTree));
        complaints.pipeInput("C-13", Topics.COMPLAINTS.encode(mergedTree));
        assertThat(dimension(Dimension.DEPARTMENT, SlaWindow.HOUR)).extracting(DimensionSummary::backlog).containsExactly(2L);
        advance(Duration.ofMinutes(1));
        complaints.pipeInput("C-12", Topics.COMPLAINTS.encode(cancelled(cancelledTree, T0.plus(Duration.ofMinutes(1)))));
        dispatch.pipeInput("C-13", Topics.DISPATCH.encode(merged(mergedTree, "C-1", T0.plus(Duration.ofMinutes(1)))));

        advance(Duration.ofHours(5));
        assertThat(sla.isEmpty()).isTrue();
        assertThat(openStages()).isEmpty();
        assertThat(dimension(Dimension.DEPARTMENT, SlaWindow.HOUR)).as("no backlog, nothing measured: nothing to show").isEmpty();
    }

    @Test
    void aLateAcknowledgementDatedWithinTargetCorrectsTheLiveBreachNamingIt() {
        var tree = aFallenTree("C-14", T0);
        complaints.pipeInput("C-14", Topics.COMPLAINTS.encode(tree));
        dispatch.pipeInput("C-14", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(2)))));
        advanceTo(T0.plus(Duration.ofMinutes(12)));
        advanceTo(T0.plus(Duration.ofMinutes(15)).plusSeconds(1));
        List<Event<SlaEvent>> live = events();
        assertThat(live).extracting(Event::data).extracting(SlaEvent::getClass)
                .containsExactly(StageMet.class, StageMet.class, StageAtRisk.class, StageBreached.class);
        Event<SlaEvent> breach = live.get(3);

        advanceTo(T0.plus(Duration.ofMinutes(20)));
        Instant deviceTime = T0.plus(Duration.ofMinutes(14));
        field.pipeInput("C-14", Topics.FIELD.encode(Complaints.acknowledgedLate(tree, deviceTime, T0.plus(Duration.ofMinutes(20)))));

        assertThat(facts()).containsExactly(fact("C-14", T0.plus(Duration.ofMinutes(20)), new StageCorrected(SlaStage.ACKNOWLEDGE,
                "fallen-tree", "DLH", T0, deviceTime, 840_000, 900_000, true, breach.eventId())));
        assertThat(timelines().get("C-14").breaches()).containsEntry(SlaStage.ACKNOWLEDGE, breach.eventId());
        var department = dimension(Dimension.DEPARTMENT, SlaWindow.HOUR).get(0);
        assertThat(department.breaches()).as("the corrected breach no longer counts").isZero();
        assertThat(department.stages().get("acknowledge")).isEqualTo(new DimensionSummary.StageFigures(1, 100.0, 840_000, 840_000, 840_000, 0));
    }

    @Test
    void aggregatesEveryDimensionOverEveryWindowWithBacklogAndOldestOpen() {
        var kartoharjo = Complaints.reportedIn(JURISDICTION, "kartoharjo", "C-15", "fallen-tree", "DLH", 2, T0);
        var taman = Complaints.reportedIn(JURISDICTION, "taman", "C-16", "fallen-tree", "DLH", 2, T0.plus(Duration.ofMinutes(1)));
        complaints.pipeInput("C-15", Topics.COMPLAINTS.encode(kartoharjo));
        complaints.pipeInput("C-16", Topics.COMPLAINTS.encode(taman));
        advance(Duration.ofMinutes(2));
        dispatch.pipeInput("C-15", Topics.DISPATCH.encode(Complaints.dispatchedTo(kartoharjo, "dlh-1", T0.plus(Duration.ofMinutes(2)))));
        advance(Duration.ofMinutes(1));
        dispatch.pipeInput("C-16", Topics.DISPATCH.encode(Complaints.dispatchedTo(taman, "dlh-2", T0.plus(Duration.ofMinutes(3)))));
        dispatch.pipeInput("C-16", Topics.DISPATCH.encode(Complaints.reassigned(taman, "dlh-2", "dlh-3", T0.plus(Duration.ofMinutes(3)))));
        advanceTo(T0.plus(Duration.ofMinutes(10)));
        field.pipeInput("C-15", Topics.FIELD.encode(Complaints.resolved(kartoharjo, T0.plus(Duration.ofMinutes(10)))));
        Instant now = T0.plus(Duration.ofMinutes(10));

        assertThat(dimension(Dimension.KECAMATAN, SlaWindow.HOUR)).containsExactly(
                new DimensionSummary("kecamatan", JURISDICTION, "kartoharjo", "1h", now.minus(Duration.ofHours(1)), now,
                        Map.of("dispatch", new DimensionSummary.StageFigures(1, 100.0, 120_000, 120_000, 120_000, 0),
                                "forward", new DimensionSummary.StageFigures(1, 100.0, 120_000, 120_000, 120_000, 0),
                                "follow-up", new DimensionSummary.StageFigures(1, 100.0, 600_000, 600_000, 600_000, 0),
                                "resolve", new DimensionSummary.StageFigures(1, 100.0, 600_000, 600_000, 600_000, 0)),
                        0, 0, null, null),
                new DimensionSummary("kecamatan", JURISDICTION, "taman", "1h", now.minus(Duration.ofHours(1)), now,
                        Map.of("dispatch", new DimensionSummary.StageFigures(1, 100.0, 120_000, 120_000, 120_000, 0),
                                "forward", new DimensionSummary.StageFigures(1, 100.0, 120_000, 120_000, 120_000, 0)),
                        0, 1, T0.plus(Duration.ofMinutes(1)), 540L));
        assertThat(dimension(Dimension.CREW, SlaWindow.HOUR)).extracting(DimensionSummary::value, DimensionSummary::backlog)
                .as("the reassignment moved C-16 from dlh-2's backlog to dlh-3's; its dispatch stays dlh-2's").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dlh-1", 0L), org.assertj.core.groups.Tuple.tuple("dlh-2", 0L),
                        org.assertj.core.groups.Tuple.tuple("dlh-3", 1L));
        var day = dimension(Dimension.JURISDICTION, SlaWindow.DAY).get(0);
        assertThat(day.from()).as("the local day in WIB began at 17:00Z").isEqualTo(Instant.parse("2026-03-01T17:00:00Z"));
        assertThat(day.stages().get("dispatch").count()).isEqualTo(2);

        driver.advanceWallClockTime(Duration.ofSeconds(5));
        Map<String, DimensionSummary> published = metrics();
        assertThat(published).containsKeys("jurisdiction/madiun/1h", "jurisdiction/madiun/day", "jurisdiction/madiun/7d",
                "jurisdiction/madiun/30d", "department/madiun:DLH/1h", "category/madiun:fallen-tree/30d", "crew/madiun:dlh-3/1h",
                "kecamatan/madiun:taman/7d");
        assertThat(published.get("kecamatan/madiun:taman/1h").backlog()).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(metrics()).as("nothing changed, nothing republished").isEmpty();
    }

    @Test
    void minuteBucketsOlderThanThirtyOneDaysAreDropped() {
        var tree = aFallenTree("C-17", T0);
        complaints.pipeInput("C-17", Topics.COMPLAINTS.encode(tree));
        dispatch.pipeInput("C-17", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(1)))));
        KeyValueStore<String, StageHistogram> buckets = driver.getKeyValueStore(SlaTopology.BUCKET_STORE);
        complaints.pipeInput("C-17", Topics.COMPLAINTS.encode(cancelled(tree, T0.plus(Duration.ofMinutes(2)))));

        advance(Duration.ofDays(31));
        assertThat(count(buckets)).as("31 days old is still kept: dispatch and forward of jurisdiction, department, category, crew")
                .isEqualTo(8);
        advance(Duration.ofHours(1));
        assertThat(count(buckets)).isZero();
    }

    private static long count(KeyValueStore<String, StageHistogram> store) {
        long n = 0;
        try (KeyValueIterator<String, StageHistogram> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private List<DimensionSummary> dimension(Dimension dimension, SlaWindow window) {
        KeyValueStore<String, StageHistogram> buckets = driver.getKeyValueStore(SlaTopology.BUCKET_STORE);
        KeyValueStore<String, Long> open = driver.getKeyValueStore(SlaTopology.OPEN_BY_DIMENSION_STORE);
        String prefix = dimension.wireName() + "|";
        try (var b = buckets.prefixScan(prefix, new StringSerializer()); var o = open.prefixScan(prefix, new StringSerializer())) {
            return DimensionSummary.over(b, o, EnumSet.of(window), clock.instant(), j -> ZoneId.of("Asia/Jakarta"));
        }
    }

    private Map<String, DimensionSummary> metrics() {
        Map<String, DimensionSummary> latest = new LinkedHashMap<>();
        for (var record : slaMetrics.readKeyValuesToList()) {
            try {
                latest.put(record.key, Json.MAPPER.readValue(record.value, DimensionSummary.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return latest;
    }

    private List<Event<SlaEvent>> events() {
        List<Event<SlaEvent>> events = new ArrayList<>();
        for (var record : sla.readKeyValuesToList()) {
            events.add(decode(Topics.SLA, record.value));
        }
        return events;
    }

    private TestInputTopic<String, byte[]> input(EventTopic<?> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    }

    /** Moves the monitor's clock, the driver's wall clock and the record time of what is written next together, as real time would. */
    private void advance(Duration by) {
        clock.advance(by);
        complaints.advanceTime(by);
        dispatch.advanceTime(by);
        field.advanceTime(by);
        driver.advanceWallClockTime(by);
    }

    private void advanceTo(Instant at) {
        advance(Duration.between(clock.instant(), at));
    }

    private List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        for (var record : sla.readKeyValuesToList()) {
            Event<SlaEvent> event = decode(Topics.SLA, record.value);
            facts.add(new Fact(record.key, event.subjectId(), event.jurisdiction(), event.correlationId(), event.actor(),
                    event.occurredAt(), event.data()));
        }
        return facts;
    }

    private static Fact fact(String complaintId, Instant occurredAt, SlaEvent data) {
        return new Fact(complaintId, complaintId, JURISDICTION, "corr-" + complaintId, MONITOR, occurredAt, data);
    }

    private static StageMet met(SlaStage stage, String category, String department, Instant reportedAt, Duration elapsed,
                                long targetMillis) {
        return new StageMet(stage, category, department, reportedAt, reportedAt.plus(elapsed), elapsed.toMillis(),
                targetMillis, elapsed.toMillis() <= targetMillis);
    }

    /** Forward met by a dispatch {@code after} the report, on a working day: working-day time is elapsed time. */
    private static StageMet forwarded(String category, String department, Instant reportedAt, Duration after) {
        return met(SlaStage.FORWARD, category, department, reportedAt, after, FORWARD_MILLIS);
    }

    /** Follow-up met by a resolution {@code after} the report, on a working day. */
    private static StageMet followedUp(String category, String department, Instant reportedAt, Duration after) {
        return met(SlaStage.FOLLOW_UP, category, department, reportedAt, after, FOLLOW_UP_MILLIS);
    }

    private SlaSummary summary(String window, Instant now) {
        KeyValueStore<String, StageHistogram> store = driver.getKeyValueStore(SlaTopology.BUCKET_STORE);
        Duration length = window.equals("1h") ? Duration.ofHours(1) : Duration.ofHours(24);
        try (KeyValueIterator<String, StageHistogram> minutes = store.all()) {
            return SlaSummary.over(window, now.minus(length), now, minutes);
        }
    }

    private KeyValueStore<String, ComplaintTimeline> timelines() {
        return driver.getKeyValueStore(SlaTopology.TIMELINE_STORE);
    }

    private List<KeyValue<String, OpenStage>> openStages() {
        KeyValueStore<String, OpenStage> store = driver.getKeyValueStore(SlaTopology.OPEN_STAGES_STORE);
        List<KeyValue<String, OpenStage>> entries = new ArrayList<>();
        try (KeyValueIterator<String, OpenStage> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }

    private static <P extends EventPayload> Event<P> decode(EventTopic<P> topic, byte[] value) {
        try {
            return topic.decode(value);
        } catch (InvalidEventException e) {
            throw new AssertionError("the monitor wrote an invalid event: " + e.getMessage(), e);
        }
    }

    private static DeadLetter deadLetter(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, DeadLetter.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
