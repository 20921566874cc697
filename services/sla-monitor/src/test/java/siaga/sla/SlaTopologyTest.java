package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static siaga.sla.Complaints.JURISDICTION;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.aFire;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.resolved;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.sla.summary.SlaSummary;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.OpenStage;
import siaga.sla.timeline.StageTargets;

class SlaTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Actor MONITOR = Actor.system("sla-monitor");
    private static final StageTargets FALLEN_TREE = new StageTargets(300_000, 900_000, 14_400_000);

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(T0);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> complaints;
    private TestInputTopic<String, byte[]> dispatch;
    private TestInputTopic<String, byte[]> field;
    private TestOutputTopic<String, byte[]> sla;
    private TestOutputTopic<String, byte[]> deadLetters;

    /** An SLA fact as the test expects it: key, envelope (but the random event id) and payload. */
    record Fact(String key, String subjectId, String jurisdiction, String correlationId, Actor actor, Instant occurredAt,
                SlaEvent data) {
    }

    @BeforeEach
    void startDriver() {
        var config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        driver = new TopologyTestDriver(SlaTopology.build(ReferenceCatalog.demo(), clock),
                SlaMonitorConfig.from(config).streams(), T0);
        complaints = input(Topics.COMPLAINTS);
        dispatch = input(Topics.DISPATCH);
        field = input(Topics.FIELD);
        sla = driver.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
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
                fact("C-1", T0.plus(Duration.ofMinutes(10)), met(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, Duration.ofMinutes(10), 900_000)),
                fact("C-1", T0.plus(Duration.ofHours(2)), met(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, Duration.ofHours(2), 14_400_000)));
        assertThat(deadLetters.isEmpty()).isTrue();
        ComplaintTimeline timeline = timelines().get("C-1");
        assertThat(timeline).isEqualTo(new ComplaintTimeline(JURISDICTION, "fallen-tree", "DLH", "corr-C-1", T0, FALLEN_TREE,
                T0.plus(Duration.ofMinutes(3)), T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofHours(2)), Set.of(),
                timeline.seenEventIds()));
        assertThat(timeline.seenEventIds()).hasSize(4);
        assertThat(openStages()).as("a resolved complaint has nothing left to breach").isEmpty();
    }

    @Test
    void breachesAnOpenStageOnceWhenTheClockPassesItsTarget() {
        var tree = aFallenTree("C-2", T0);
        complaints.pipeInput("C-2", Topics.COMPLAINTS.encode(tree), T0);
        advance(Duration.ofMinutes(1));
        dispatch.pipeInput("C-2", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(1)))));
        assertThat(facts()).extracting(Fact::data).extracting(SlaEvent::stage).containsExactly(SlaStage.DISPATCH);

        Instant due = T0.plus(Duration.ofMinutes(15));
        advanceTo(due.minusMillis(1));
        assertThat(sla.isEmpty()).as("1 ms before the acknowledge target").isTrue();
        advanceTo(due);
        assertThat(sla.isEmpty()).as("exactly at the target, which is still within it").isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(facts()).containsExactly(fact("C-2", due.plusSeconds(1),
                new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, due, 900_000)));

        advance(Duration.ofMinutes(30));
        assertThat(sla.isEmpty()).as("a stage is breached once").isTrue();
        assertThat(timelines().get("C-2").breached()).containsExactly(SlaStage.ACKNOWLEDGE);
        assertThat(openStages()).containsExactly(KeyValue.pair(
                new OpenStage("C-2", SlaStage.RESOLVE).key(T0.plus(Duration.ofHours(4))), new OpenStage("C-2", SlaStage.RESOLVE)));
    }

    @Test
    void aResolveAfterItsTargetIsMetOutsideTargetFollowingTheLiveBreach() {
        var tree = aFallenTree("C-3", T0);
        complaints.pipeInput("C-3", Topics.COMPLAINTS.encode(tree), T0);
        advance(Duration.ofMinutes(2));
        dispatch.pipeInput("C-3", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(2)))));
        advance(Duration.ofMinutes(3));
        field.pipeInput("C-3", Topics.FIELD.encode(acknowledged(tree, T0.plus(Duration.ofMinutes(5)))));
        assertThat(facts()).hasSize(2);

        advanceTo(T0.plus(Duration.ofHours(4)).plusSeconds(1));
        assertThat(facts()).containsExactly(fact("C-3", T0.plus(Duration.ofHours(4)).plusSeconds(1),
                new StageBreached(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofHours(4)), 14_400_000)));

        advanceTo(T0.plus(Duration.ofHours(5)));
        field.pipeInput("C-3", Topics.FIELD.encode(resolved(tree, T0.plus(Duration.ofHours(5)))));
        assertThat(facts()).containsExactly(fact("C-3", T0.plus(Duration.ofHours(5)),
                new StageMet(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofHours(5)), 18_000_000, 14_400_000, false)));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aLateStageTheMonitorDidNotSeeLiveIsBreachedThenMet() {
        var tree = aFallenTree("C-4", T0);
        clock.advance(Duration.ofHours(6)); // the monitor was down; now it reads the backlog
        Instant now = clock.instant();
        complaints.pipeInput("C-4", Topics.COMPLAINTS.encode(tree), T0);
        dispatch.pipeInput("C-4", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(20)))));

        assertThat(facts()).containsExactly(
                fact("C-4", now, new StageBreached(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(5)), 300_000)),
                fact("C-4", now, new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(20)),
                        1_200_000, 300_000, false)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(facts()).extracting(Fact::data).as("the stages still open are breached live, dispatch not again")
                .containsExactly(
                        new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofMinutes(15)), 900_000),
                        new StageBreached(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plus(Duration.ofHours(4)), 14_400_000));
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
        assertThat(facts()).containsExactly(fact("C-5", T0,
                met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(4), 300_000)));
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
                fact("C-6", T0.plus(Duration.ofMinutes(10)), met(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, Duration.ofMinutes(10), 14_400_000)));
        var letters = deadLetters.readKeyValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(deadLetter(letters.get(0).value)).isEqualTo(new DeadLetter("field", 0, 0, "C-6",
                new String(Topics.FIELD.encode(resolve), StandardCharsets.UTF_8),
                "job.resolved before job.acknowledged breaks the lifecycle; resolve measured anyway", "sla-monitor",
                T0.plus(Duration.ofMinutes(10))));

        advance(Duration.ofMinutes(10));
        assertThat(sla.isEmpty()).as("no acknowledge breach once the complaint is resolved").isTrue();
        assertThat(openStages()).isEmpty();
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

        assertThat(facts()).containsExactly(fact("C-7", T0,
                met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(4), 300_000)));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(summary("1h", T0.plus(Duration.ofMinutes(5))).categories()).containsExactly(
                new SlaSummary.CategorySummary(JURISDICTION, "fallen-tree",
                        Map.of("dispatch", new SlaSummary.StageSummary(1, 240_000, 240_000, 240_000, 100.0))));
    }

    @Test
    void aSecondDispatchDoesNotMeasureTheStageAgain() {
        var tree = aFallenTree("C-8", T0);
        complaints.pipeInput("C-8", Topics.COMPLAINTS.encode(tree));
        dispatch.pipeInput("C-8", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(4)))));
        dispatch.pipeInput("C-8", Topics.DISPATCH.encode(dispatched(tree, T0.plus(Duration.ofMinutes(30)))));

        assertThat(facts()).extracting(Fact::data).containsExactly(
                met(SlaStage.DISPATCH, "fallen-tree", "DLH", T0, Duration.ofMinutes(4), 300_000));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(timelines().get("C-8").dispatchedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
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
        assertThat(fire.stages()).as("stages never completed are left out").containsOnlyKeys("dispatch");
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
                        Map.of("dispatch", new SlaSummary.StageSummary(1, 120_000, 120_000, 120_000, 100.0))))));
        var day = summary("24h", now).categories();
        assertThat(day).extracting(SlaSummary.CategorySummary::category).containsExactly("fallen-tree");
        var dispatchStage = day.get(0).stages().get("dispatch");
        assertThat(dispatchStage.count()).isEqualTo(2);
        assertThat(dispatchStage.p50Millis()).as("the smaller of the two, within 0.1%").isCloseTo(60_000L, withinPercentage(0.1));
        assertThat(dispatchStage.p99Millis()).as("the largest, exactly").isEqualTo(120_000);
    }

    private TestInputTopic<String, byte[]> input(EventTopic<?> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    }

    /** Moves the monitor's clock and the driver's wall clock together, as real time would. */
    private void advance(Duration by) {
        clock.advance(by);
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

    private SlaSummary summary(String window, Instant now) {
        KeyValueStore<String, StageHistogram> store = driver.getKeyValueStore(SlaTopology.HISTOGRAM_STORE);
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
