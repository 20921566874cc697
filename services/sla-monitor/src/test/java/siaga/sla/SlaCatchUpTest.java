package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static siaga.sla.Complaints.JURISDICTION;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.aFire;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.resolved;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.sla.timeline.OpenStage;
import siaga.testing.MutableClock;

/**
 * A monitor reading records far behind its clock (a reset to the earliest offset, a new instance, a long
 * outage) warns and breaches by how far the stream has got, not by the wall clock, and goes back to the wall
 * clock once it has caught up. The history is a morning in Kota Madiun, 2026-03-02 from 08:00Z; the monitor's
 * clock is a week later, past every due moment in it. Records carry the moment they were written as record
 * time, as the services write them; the monitor's clock and the driver's wall clock move a second per record
 * read, so an alarm run comes between every two records, as in a slow replay.
 */
class SlaCatchUpTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-09T12:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(1);
    /** The national administrative clocks of Madiun, 3, 5 and 10 working days of 24 h. */
    private static final long FORWARD = Duration.ofDays(3).toMillis();
    private static final long FOLLOW_UP = Duration.ofDays(5).toMillis();
    private static final long CLOSE = Duration.ofDays(10).toMillis();

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(NOW);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> complaints;
    private TestInputTopic<String, byte[]> dispatch;
    private TestInputTopic<String, byte[]> field;
    private TestOutputTopic<String, byte[]> sla;

    /** One record of the history: the topic it was written to, when, and what. */
    private record Written(TestInputTopic<String, byte[]> topic, Instant at, String key, byte[] value) {
    }

    @BeforeEach
    void startDriver() {
        SlaMonitorConfig settings = SlaMonitorConfig.from(SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString())));
        driver = new TopologyTestDriver(SlaTopology.build(ReferenceCatalog.demo(), clock, settings.catchUp()),
                settings.streams(), NOW);
        complaints = driver.createInputTopic(Topics.COMPLAINTS.name(), new StringSerializer(), new ByteArraySerializer());
        dispatch = driver.createInputTopic(Topics.DISPATCH.name(), new StringSerializer(), new ByteArraySerializer());
        field = driver.createInputTopic(Topics.FIELD.name(), new StringSerializer(), new ByteArraySerializer());
        sla = driver.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aReplayOfComplaintsDoneWithinTargetBreachesNothingThoughTheClockIsPastEveryDueMoment() {
        List<Event<ComplaintReported>> trees = fallenTrees(30);

        replay(history(trees));

        assertThat(events()).extracting(Event::data).as("each stage met within target, nothing warned, breached or corrected")
                .containsExactlyInAnyOrderElementsOf(metWithinTarget(trees));
        assertThat(counters()).as("no breach counted, none corrected").isEmpty();
        assertThat(openStages()).as("every complaint resolved and closed").isEmpty();
        for (int second = 0; second <= SlaMonitorConfig.DEFAULT_CATCH_UP_IDLE.toSeconds(); second++) {
            tick();
        }
        assertThat(sla.isEmpty()).as("idle, by the wall clock: nothing open to breach").isTrue();
    }

    @Test
    void aThreadStalledInTheMiddleOfABacklogDoesNotTakeItsStallForTheEndOfIt() {
        List<Event<ComplaintReported>> trees = fallenTrees(30);
        List<Written> history = history(trees);
        history.sort(Comparator.comparing(Written::at));

        replay(history.subList(0, 60));
        Duration stall = SlaMonitorConfig.DEFAULT_CATCH_UP_IDLE.multipliedBy(3);
        clock.advance(stall);
        driver.advanceWallClockTime(stall);
        assertThat(events()).extracting(Event::data).as("30 s without reading or running an alarm, then one run: "
                + "every tree still open is due by the wall clock, none by the stream").allSatisfy(fact ->
                assertThat(fact).isInstanceOfSatisfying(StageMet.class, met -> assertThat(met.withinTarget()).isTrue()));
        replay(history.subList(60, history.size()));

        assertThat(counters()).as("nothing breached, nothing corrected").isEmpty();
        assertThat(openStages()).isEmpty();
    }

    @Test
    void aReplayedStageThatWasReallyLateIsWarnedAndBreachedOnceAsTheStreamPassesItsMomentsThenMetOutsideItsTarget() {
        List<Event<ComplaintReported>> trees = fallenTrees(30);
        var late = aFallenTree("L-1", T0.plus(Duration.ofMinutes(5)));
        List<Written> history = history(trees);
        history.addAll(lifecycle(late, Duration.ofMinutes(3), Duration.ofMinutes(25), Duration.ofHours(3)));

        replay(history);

        Map<String, List<Event<SlaEvent>>> bySubject = bySubject(events());
        Instant reportedAt = late.occurredAt();
        Instant due = reportedAt.plus(Duration.ofMinutes(15));
        List<Event<SlaEvent>> lateFacts = bySubject.remove("L-1");
        assertThat(lateFacts).extracting(Event::data).as("the stream passed 08:17 (at risk) and 08:20 (due) before the "
                + "acknowledgement written at 08:30 was read").containsExactly(
                new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH", reportedAt, reportedAt.plus(Duration.ofMinutes(3)), 180_000, 300_000, true),
                new StageMet(SlaStage.FORWARD, "fallen-tree", "DLH", reportedAt, reportedAt.plus(Duration.ofMinutes(3)), 180_000, FORWARD, true),
                new StageAtRisk(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", reportedAt, due, 900_000),
                new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", reportedAt, due, 900_000),
                new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", reportedAt, reportedAt.plus(Duration.ofMinutes(25)),
                        1_500_000, 900_000, false),
                new StageMet(SlaStage.ARRIVE, "fallen-tree", "DLH", reportedAt, reportedAt.plus(Duration.ofMinutes(35)),
                        2_100_000, 2_700_000, true),
                new StageMet(SlaStage.FOLLOW_UP, "fallen-tree", "DLH", reportedAt, reportedAt.plus(Duration.ofHours(3)),
                        10_800_000, FOLLOW_UP, true),
                new StageMet(SlaStage.RESOLVE, "fallen-tree", "DLH", reportedAt, reportedAt.plus(Duration.ofHours(3)),
                        10_800_000, 14_400_000, true),
                new StageMet(SlaStage.CLOSE, "fallen-tree", "DLH", reportedAt.plus(Duration.ofHours(3)),
                        reportedAt.plus(Duration.ofHours(4)), 3_600_000, CLOSE, true));
        assertThat(lateFacts.get(3).occurredAt()).as("breached by an alarm run, before the acknowledgement was read")
                .isBefore(lateFacts.get(4).occurredAt());
        assertThat(bySubject.values().stream().flatMap(List::stream).map(Event::data).toList())
                .as("the others met within target, as before").containsExactlyInAnyOrderElementsOf(metWithinTarget(trees));
        assertThat(counters()).containsExactly(Map.entry(JURISDICTION + "|fallen-tree|acknowledge|breaches", 1L));
    }

    @Test
    void onceTheStreamHasCaughtUpWithTheClockOpenStagesAreBreachedByTheWallClockWithinASecondAgain() {
        List<Event<ComplaintReported>> trees = fallenTrees(30);
        var open = aFallenTree("O-1", T0.plus(Duration.ofMinutes(300)));
        Instant openedAt = open.occurredAt();
        List<Written> history = history(trees);
        Instant dispatchedAt = openedAt.plus(Duration.ofMinutes(2));
        history.add(new Written(complaints, openedAt, "O-1", Topics.COMPLAINTS.encode(open)));
        history.add(new Written(dispatch, dispatchedAt, "O-1", Topics.DISPATCH.encode(dispatched(open, dispatchedAt))));

        replay(history);

        Map<String, List<Event<SlaEvent>>> bySubject = bySubject(events());
        assertThat(bySubject.remove("O-1")).extracting(Event::data).as("the history ends at 13:02, before O-1's acknowledge "
                + "was at risk (13:12) or due (13:15)").containsExactly(new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH",
                openedAt, openedAt.plus(Duration.ofMinutes(2)), 120_000, 300_000, true), new StageMet(SlaStage.FORWARD,
                "fallen-tree", "DLH", openedAt, openedAt.plus(Duration.ofMinutes(2)), 120_000, FORWARD, true));
        assertThat(bySubject.values().stream().flatMap(List::stream).map(Event::data).toList())
                .containsExactlyInAnyOrderElementsOf(metWithinTarget(trees));

        var fire = aFire("N-1", clock.instant());
        Instant reportedAt = fire.occurredAt();
        complaints.pipeInput("N-1", Topics.COMPLAINTS.encode(fire), reportedAt);
        tick();
        assertThat(events()).extracting(Event::subjectId, Event::occurredAt, Event::data).as("a record written now: caught "
                + "up, and by the wall clock the field stages of O-1 are a week overdue, and its follow-up (5 working days "
                + "from Monday 20:00 WIB, due Monday 20:00 WIB) is at risk since Friday 20:00 WIB").containsExactly(
                tuple("O-1", reportedAt.plus(TICK), new StageBreached(SlaStage.ACKNOWLEDGE,
                        "fallen-tree", "DLH", openedAt, openedAt.plus(Duration.ofMinutes(15)), 900_000)),
                tuple("O-1", reportedAt.plus(TICK), new StageBreached(SlaStage.ARRIVE,
                        "fallen-tree", "DLH", openedAt, openedAt.plus(Duration.ofMinutes(45)), 2_700_000)),
                tuple("O-1", reportedAt.plus(TICK), new StageBreached(SlaStage.RESOLVE,
                        "fallen-tree", "DLH", openedAt, openedAt.plus(Duration.ofHours(4)), 14_400_000)),
                tuple("O-1", reportedAt.plus(TICK), new StageAtRisk(SlaStage.FOLLOW_UP,
                        "fallen-tree", "DLH", openedAt, Instant.parse("2026-03-09T13:00:00Z"), FOLLOW_UP)));

        Instant due = reportedAt.plus(Duration.ofMinutes(1));
        while (!clock.instant().isAfter(due)) {
            Instant at = clock.instant();
            complaints.pipeInput("N-1", Topics.COMPLAINTS.encode(fire.followedBy(new NoteAdded("caller rang again"),
                    new Actor(ActorRole.OPERATOR, "operator-1"), at)), at);
            tick();
        }
        assertThat(events()).extracting(Event::subjectId, Event::occurredAt, Event::data).as("records still arriving, "
                + "each written the second it is read: the fire's dispatch is warned at 80% and breached a second after its target")
                .containsExactly(
                        tuple("N-1", reportedAt.plusSeconds(48),
                                new StageAtRisk(SlaStage.DISPATCH, "fire", "DAMKAR", reportedAt, due, 60_000)),
                        tuple("N-1", due.plus(TICK),
                                new StageBreached(SlaStage.DISPATCH, "fire", "DAMKAR", reportedAt, due, 60_000)));
    }

    /** Fallen trees reported a minute apart from 08:00Z. */
    private static List<Event<ComplaintReported>> fallenTrees(int count) {
        List<Event<ComplaintReported>> trees = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            trees.add(aFallenTree(String.format("H-%02d", i), T0.plus(Duration.ofMinutes(i))));
        }
        return trees;
    }

    /**
     * Each tree dispatched 3 min, acknowledged 10 min, on scene 20 min and resolved 3 h after its report, and closed an
     * hour after that: before each stage is at risk.
     */
    private List<Written> history(List<Event<ComplaintReported>> trees) {
        List<Written> history = new ArrayList<>();
        for (Event<ComplaintReported> tree : trees) {
            history.addAll(lifecycle(tree, Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofHours(3)));
        }
        return history;
    }

    private List<Written> lifecycle(Event<ComplaintReported> report, Duration dispatchAfter, Duration acknowledgeAfter,
                                    Duration resolveAfter) {
        String id = report.subjectId();
        Instant at = report.occurredAt();
        Instant dispatchedAt = at.plus(dispatchAfter);
        Instant acknowledgedAt = at.plus(acknowledgeAfter);
        Instant onSceneAt = acknowledgedAt.plus(Duration.ofMinutes(10));
        Instant resolvedAt = at.plus(resolveAfter);
        Instant closedAt = resolvedAt.plus(Duration.ofHours(1));
        return List.of(new Written(complaints, at, id, Topics.COMPLAINTS.encode(report)),
                new Written(dispatch, dispatchedAt, id, Topics.DISPATCH.encode(dispatched(report, dispatchedAt))),
                new Written(field, acknowledgedAt, id, Topics.FIELD.encode(acknowledged(report, acknowledgedAt))),
                new Written(field, onSceneAt, id, Topics.FIELD.encode(Complaints.onScene(report, onSceneAt))),
                new Written(field, resolvedAt, id, Topics.FIELD.encode(resolved(report, resolvedAt))),
                new Written(complaints, closedAt, id, Topics.COMPLAINTS.encode(Complaints.closed(report, closedAt))));
    }

    /** The records in the order they were written, each read, then an alarm run a second later. */
    private void replay(List<Written> history) {
        List<Written> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing(Written::at));
        for (Written record : ordered) {
            record.topic().pipeInput(record.key(), record.value(), record.at());
            tick();
        }
    }

    private void tick() {
        clock.advance(TICK);
        driver.advanceWallClockTime(TICK);
    }

    private static List<SlaEvent> metWithinTarget(List<Event<ComplaintReported>> trees) {
        List<SlaEvent> facts = new ArrayList<>();
        for (Event<ComplaintReported> tree : trees) {
            Instant at = tree.occurredAt();
            facts.add(new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH", at, at.plus(Duration.ofMinutes(3)), 180_000, 300_000, true));
            facts.add(new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", at, at.plus(Duration.ofMinutes(10)), 600_000, 900_000, true));
            facts.add(new StageMet(SlaStage.RESOLVE, "fallen-tree", "DLH", at, at.plus(Duration.ofHours(3)), 10_800_000, 14_400_000, true));
            facts.add(new StageMet(SlaStage.FORWARD, "fallen-tree", "DLH", at, at.plus(Duration.ofMinutes(3)), 180_000, FORWARD, true));
            facts.add(new StageMet(SlaStage.ARRIVE, "fallen-tree", "DLH", at, at.plus(Duration.ofMinutes(20)), 1_200_000, 2_700_000, true));
            facts.add(new StageMet(SlaStage.FOLLOW_UP, "fallen-tree", "DLH", at, at.plus(Duration.ofHours(3)), 10_800_000, FOLLOW_UP, true));
            facts.add(new StageMet(SlaStage.CLOSE, "fallen-tree", "DLH", at.plus(Duration.ofHours(3)), at.plus(Duration.ofHours(4)),
                    3_600_000, CLOSE, true));
        }
        return facts;
    }

    private List<Event<SlaEvent>> events() {
        List<Event<SlaEvent>> events = new ArrayList<>();
        for (byte[] value : sla.readValuesToList()) {
            try {
                events.add(Topics.SLA.decode(value));
            } catch (InvalidEventException e) {
                throw new AssertionError("the monitor wrote an invalid event: " + e.getMessage(), e);
            }
        }
        return events;
    }

    private static Map<String, List<Event<SlaEvent>>> bySubject(List<Event<SlaEvent>> events) {
        Map<String, List<Event<SlaEvent>>> bySubject = new LinkedHashMap<>();
        for (Event<SlaEvent> event : events) {
            bySubject.computeIfAbsent(event.subjectId(), s -> new ArrayList<>()).add(event);
        }
        return bySubject;
    }

    private Map<String, Long> counters() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(SlaTopology.COUNTER_STORE);
        Map<String, Long> counters = new LinkedHashMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(entry -> counters.put(entry.key, entry.value));
        }
        return counters;
    }

    private List<String> openStages() {
        KeyValueStore<String, OpenStage> store = driver.getKeyValueStore(SlaTopology.OPEN_STAGES_STORE);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, OpenStage> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }
}
