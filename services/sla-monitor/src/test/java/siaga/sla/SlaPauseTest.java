package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.paused;
import static siaga.sla.Complaints.priorityChanged;
import static siaga.sla.Complaints.reportedIn;
import static siaga.sla.Complaints.resumed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.contracts.reference.ReferenceData.SlaTargets;
import siaga.runtime.SiagaConfig;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.Pause;
import siaga.sla.timeline.PriorityChange;
import siaga.testing.MutableClock;

/**
 * Paused clocks and changed priorities, live: the exact moments at which a stage is warned and breached after a
 * pause or a priority change, on a 24/7 category (fallen tree) and a working-hours one (street light), in Kota
 * Madiun (WIB) and Kota Banjarbaru (WITA, Friday 07:30-11:00). The wall clock is moved to a second before, to and
 * a second after each moment, so an alarm a second early or late shows.
 *
 * <p>The demo policies give fallen trees no targets of their own at priority 1; here they have some (2 min,
 * 10 min, 30 min, 2 h), so that raising a 24/7 complaint's priority changes its targets.
 */
class SlaPauseTest {
    private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final SlaTargets URGENT_TREE = new SlaTargets(Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofHours(2), Duration.ofMinutes(30));
    private static final ReferenceCatalog REFERENCE = new ReferenceCatalog(ReferenceData.DEMO_DEPLOYMENT.stream()
            .map(ReferenceData::fromResource).map(SlaPauseTest::withUrgentTrees).toList());

    @TempDir
    Path stateDir;

    private MutableClock clock;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> complaints;
    private TestInputTopic<String, byte[]> dispatch;
    private TestInputTopic<String, byte[]> field;
    private TestOutputTopic<String, byte[]> sla;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void noDriverYet() {
        driver = null;
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aPauseOfATwentyFourSevenComplaintMovesItsDueMomentsByItsLengthAndNothingRingsMeanwhile() {
        Instant t0 = local("2026-03-02T15:00", WIB);
        start(t0);
        var tree = reportedIn("madiun", "kartoharjo", "P-1", "fallen-tree", "DLH", 2, t0);
        complaints.pipeInput("P-1", Topics.COMPLAINTS.encode(tree));
        advanceTo(t0.plus(Duration.ofMinutes(2)));
        dispatch.pipeInput("P-1", Topics.DISPATCH.encode(dispatched(tree, clock.instant())));
        assertThat(events()).extracting(e -> e.data().stage()).containsExactly(SlaStage.DISPATCH, SlaStage.FORWARD);

        advanceTo(t0.plus(Duration.ofMinutes(5)));
        complaints.pipeInput("P-1", Topics.COMPLAINTS.encode(paused(tree, ClockPaused.WAITING_OTHER_DEPARTMENT, clock.instant())));
        advanceTo(t0.plus(Duration.ofMinutes(25)));
        assertThat(sla.isEmpty()).as("acknowledge was at risk at 15:12 and due at 15:15 without the pause").isTrue();
        assertThat(timeline("P-1").alarms()).as("a paused clock has no alarm").isEmpty();
        complaints.pipeInput("P-1", Topics.COMPLAINTS.encode(resumed(tree, clock.instant())));

        Instant due = t0.plus(Duration.ofMinutes(35));
        Instant atRisk = t0.plus(Duration.ofMinutes(32));
        advanceTo(atRisk.minusSeconds(1));
        assertThat(sla.isEmpty()).as("5 min accrued before the pause, 7 min since").isTrue();
        advanceTo(atRisk);
        assertThat(events()).extracting(Event::occurredAt, Event::data).containsExactly(
                tuple(atRisk, new StageAtRisk(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", t0, due, 900_000)));
        advanceTo(due);
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(due.plusSeconds(1));
        assertThat(events()).extracting(Event::occurredAt, Event::data).containsExactly(
                tuple(due.plusSeconds(1), new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", t0, due, 900_000)));

        advanceTo(t0.plus(Duration.ofMinutes(40)));
        field.pipeInput("P-1", Topics.FIELD.encode(acknowledged(tree, clock.instant())));
        assertThat(events()).extracting(Event::data).containsExactly(new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH",
                t0, t0.plus(Duration.ofMinutes(40)), 1_200_000, 1_200_000, 900_000, false));
        assertThat(timeline("P-1").pauses()).as("the pause is in the timeline").containsExactly(new Pause(
                t0.plus(Duration.ofMinutes(5)), t0.plus(Duration.ofMinutes(25)), ClockPaused.WAITING_OTHER_DEPARTMENT));
        assertThat(timeline("P-1").dueAt(SlaStage.ARRIVE)).as("arrive: 5 of 45 min before the pause, the other 40 after it")
                .isEqualTo(t0.plus(Duration.ofMinutes(65)));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPauseOfAWorkingHoursComplaintStopsOnlyWorkingTimeAndItsPausedTimeIsReported() {
        Instant t0 = local("2026-03-09T08:00", WIB); // a Monday
        start(t0);
        var light = reportedIn("madiun", "taman", "P-2", "street-light-out", "DISHUB", 3, t0);
        complaints.pipeInput("P-2", Topics.COMPLAINTS.encode(light));
        advanceTo(local("2026-03-09T08:05", WIB));
        dispatch.pipeInput("P-2", Topics.DISPATCH.encode(dispatched(light, clock.instant())));
        events();
        advanceTo(local("2026-03-09T08:20", WIB));
        complaints.pipeInput("P-2", Topics.COMPLAINTS.encode(paused(light, ClockPaused.WAITING_MATERIALS, clock.instant())));
        advanceTo(local("2026-03-09T10:00", WIB));
        assertThat(sla.isEmpty()).as("acknowledge (1 h) was at risk at 08:48 and due at 09:00 WIB without the pause").isTrue();
        complaints.pipeInput("P-2", Topics.COMPLAINTS.encode(resumed(light, clock.instant())));

        Instant atRisk = local("2026-03-09T10:28", WIB);
        Instant due = local("2026-03-09T10:40", WIB);
        advanceTo(atRisk.minusSeconds(1));
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(atRisk);
        assertThat(events()).extracting(Event::occurredAt, Event::data).containsExactly(
                tuple(atRisk, new StageAtRisk(SlaStage.ACKNOWLEDGE, "street-light-out", "DISHUB", t0, due, 3_600_000)));
        assertThat(due).isEqualTo(Instant.parse("2026-03-09T03:40:00Z"));

        advanceTo(local("2026-03-09T10:30", WIB));
        field.pipeInput("P-2", Topics.FIELD.encode(acknowledged(light, clock.instant())));
        assertThat(events()).extracting(Event::data).as("20 min before the pause and 30 after it; 1 h 40 min paused")
                .containsExactly(new StageMet(SlaStage.ACKNOWLEDGE, "street-light-out", "DISHUB", t0,
                        local("2026-03-09T10:30", WIB), 3_000_000, 6_000_000, 3_600_000, true));

        advanceTo(local("2026-03-09T11:00", WIB));
        complaints.pipeInput("P-2", Topics.COMPLAINTS.encode(paused(light, ClockPaused.REPORTER_UNREACHABLE, clock.instant())));
        advanceTo(local("2026-03-10T09:00", WIB));
        assertThat(sla.isEmpty()).as("without this pause arrive (4 h) would have been at risk at 12:52 and due at 13:40 WIB").isTrue();
        complaints.pipeInput("P-2", Topics.COMPLAINTS.encode(resumed(light, clock.instant())));
        assertThat(timeline("P-2").dueAt(SlaStage.ARRIVE)).as("arrive: 1 h 20 min accrued on Monday; the overnight pause "
                + "held Monday from 11:00 and Tuesday until 09:00; 2 h 40 min left from 09:00").isEqualTo(local("2026-03-10T11:40", WIB));
        advanceTo(local("2026-03-10T10:50", WIB));
        field.pipeInput("P-2", Topics.FIELD.encode(Complaints.onScene(light, clock.instant())));
        assertThat(events()).extracting(Event::data).as("3 h 10 min of working time accrued; paused 1 h 40 min on Monday "
                + "morning, 5 h on Monday afternoon and 1 h 30 min on Tuesday: only working time counts")
                .containsExactly(new StageMet(SlaStage.ARRIVE, "street-light-out", "DISHUB", t0, local("2026-03-10T10:50", WIB),
                        11_400_000, 29_400_000, 14_400_000, true));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRaisedPriorityOfATwentyFourSevenComplaintInAWitaCityKeepsTheElapsedTimeAndAStageAlreadyPastItsNewTargetIsDueAtOnce() {
        Instant t0 = local("2026-03-02T15:00", WITA);
        start(t0);
        var tree = reportedIn("banjarbaru", "cempaka", "P-3", "fallen-tree", "DLH", 2, t0);
        complaints.pipeInput("P-3", Topics.COMPLAINTS.encode(tree));
        Instant changedAt = t0.plus(Duration.ofMinutes(4));
        advanceTo(changedAt);
        assertThat(events()).as("dispatch (5 min) at risk at 4 min").extracting(Event::data).containsExactly(
                new StageAtRisk(SlaStage.DISPATCH, "fallen-tree", "DLH", t0, t0.plus(Duration.ofMinutes(5)), 300_000));
        complaints.pipeInput("P-3", Topics.COMPLAINTS.encode(priorityChanged(tree, 2, 1, changedAt)));

        advanceTo(changedAt.plusSeconds(1));
        assertThat(events()).extracting(Event::occurredAt, Event::data).as("4 min elapsed of the new 2 min: due at the change")
                .containsExactly(tuple(changedAt.plusSeconds(1),
                        new StageBreached(SlaStage.DISPATCH, "fallen-tree", "DLH", t0, changedAt, 120_000)));

        Instant atRisk = t0.plus(Duration.ofMinutes(8));
        Instant due = t0.plus(Duration.ofMinutes(10));
        advanceTo(atRisk.minusSeconds(1));
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(atRisk);
        assertThat(events()).extracting(Event::occurredAt, Event::data).containsExactly(
                tuple(atRisk, new StageAtRisk(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", t0, due, 600_000)));
        advanceTo(due);
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(due.plusSeconds(1));
        assertThat(events()).extracting(Event::occurredAt, Event::data).containsExactly(
                tuple(due.plusSeconds(1), new StageBreached(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", t0, due, 600_000)));

        ComplaintTimeline timeline = timeline("P-3");
        assertThat(timeline.priority()).isEqualTo(1);
        assertThat(timeline.policyVersion()).as("the policy in force at the report").isEqualTo(1);
        assertThat(timeline.priorityChanges()).containsExactly(new PriorityChange(changedAt, 2, 1));
        assertThat(timeline.dueAt(SlaStage.ARRIVE)).isEqualTo(t0.plus(Duration.ofMinutes(30)));
        assertThat(timeline.dueAt(SlaStage.FORWARD)).as("the administrative clocks do not depend on the priority: "
                + "Banjarbaru forwards within 2 working days").isEqualTo(local("2026-03-04T15:00", WITA));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aRaisedPriorityOfAWorkingHoursComplaintInAWitaCityIsDueWithinTheSameFridayMorning() {
        Instant t0 = local("2026-03-06T10:30", WITA); // Friday: Banjarbaru works 07:30-11:00
        start(t0);
        var light = reportedIn("banjarbaru", "landasan-ulin", "P-4", "street-light-out", "DISHUB", 3, t0);
        complaints.pipeInput("P-4", Topics.COMPLAINTS.encode(light));
        assertThat(timeline("P-4").dueAt(SlaStage.ACKNOWLEDGE)).as("1 h: 30 min this Friday, 30 min from Monday 07:30")
                .isEqualTo(local("2026-03-09T08:00", WITA));
        advanceTo(local("2026-03-06T10:40", WITA));
        dispatch.pipeInput("P-4", Topics.DISPATCH.encode(dispatched(light, clock.instant())));
        events();
        Instant changedAt = local("2026-03-06T10:45", WITA);
        advanceTo(changedAt);
        complaints.pipeInput("P-4", Topics.COMPLAINTS.encode(priorityChanged(light, 3, 2, changedAt)));

        Instant atRisk = local("2026-03-06T10:54", WITA);
        Instant due = local("2026-03-06T11:00", WITA);
        advanceTo(atRisk.minusSeconds(1));
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(atRisk);
        assertThat(events()).extracting(Event::occurredAt, Event::data).as("15 of the new 30 min elapsed at the change")
                .containsExactly(tuple(atRisk, new StageAtRisk(SlaStage.ACKNOWLEDGE, "street-light-out", "DISHUB", t0, due, 1_800_000)));
        advanceTo(due);
        assertThat(sla.isEmpty()).isTrue();
        advanceTo(due.plusSeconds(1));
        assertThat(events()).extracting(Event::occurredAt, Event::data).containsExactly(tuple(due.plusSeconds(1),
                new StageBreached(SlaStage.ACKNOWLEDGE, "street-light-out", "DISHUB", t0, due, 1_800_000)));
        assertThat(due).isEqualTo(Instant.parse("2026-03-06T03:00:00Z"));
        assertThat(timeline("P-4").dueAt(SlaStage.ARRIVE)).as("arrive, 2 h now: 15 min left this Friday, 1 h 30 min from Monday 07:30")
                .isEqualTo(local("2026-03-09T09:00", WITA));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPauseForAReasonTheCategoryDoesNotAllowIsDeadLetteredAndTheClocksKeepRunning() {
        Instant t0 = local("2026-03-02T15:00", WIB);
        start(t0);
        var tree = reportedIn("madiun", "kartoharjo", "P-5", "fallen-tree", "DLH", 2, t0);
        complaints.pipeInput("P-5", Topics.COMPLAINTS.encode(tree));
        advanceTo(t0.plus(Duration.ofMinutes(1)));
        complaints.pipeInput("P-5", Topics.COMPLAINTS.encode(paused(tree, ClockPaused.WAITING_MATERIALS, clock.instant())));

        assertThat(deadLetters.readValuesToList()).extracting(SlaPauseTest::deadLetter).extracting(DeadLetter::reason)
                .containsExactly("complaint.clock-paused for reason waiting-materials, which the policy of fallen-tree does "
                        + "not allow (allowed: [waiting-other-department]); the clocks keep running");
        advanceTo(t0.plus(Duration.ofMinutes(4)));
        advanceTo(t0.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(events()).extracting(Event::data).containsExactly(
                new StageAtRisk(SlaStage.DISPATCH, "fallen-tree", "DLH", t0, t0.plus(Duration.ofMinutes(5)), 300_000),
                new StageBreached(SlaStage.DISPATCH, "fallen-tree", "DLH", t0, t0.plus(Duration.ofMinutes(5)), 300_000));
        assertThat(timeline("P-5").pauses()).isEmpty();
    }

    private static ReferenceData withUrgentTrees(ReferenceData city) {
        List<Category> categories = city.categories().stream().map(c -> !c.code().equals("fallen-tree") ? c
                : new Category(c.code(), c.name(), c.department(), c.skill(), c.priority(), c.sla(), c.slaCalendar(),
                        Map.of(1, URGENT_TREE), c.policyVersion(), c.duplicate(), c.pauseReasons(), c.attributes())).toList();
        return new ReferenceData(city.jurisdiction(), city.districts(), city.departments(), categories, city.crews(),
                city.users(), city.integrators());
    }

    private void start(Instant at) {
        clock = new MutableClock(at);
        SlaMonitorConfig settings = SlaMonitorConfig.from(SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString())));
        driver = new TopologyTestDriver(SlaTopology.build(REFERENCE, clock, settings.catchUp()), settings.streams(), at);
        complaints = driver.createInputTopic(Topics.COMPLAINTS.name(), new StringSerializer(), new ByteArraySerializer(), at, Duration.ZERO);
        dispatch = driver.createInputTopic(Topics.DISPATCH.name(), new StringSerializer(), new ByteArraySerializer(), at, Duration.ZERO);
        field = driver.createInputTopic(Topics.FIELD.name(), new StringSerializer(), new ByteArraySerializer(), at, Duration.ZERO);
        sla = driver.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Moves the clock, the record time of what is written next and the driver's wall clock to {@code at} together,
     * with one alarm run there: an alarm due before {@code at} rings then, so an empty output after the move says
     * nothing rang in between.
     */
    private void advanceTo(Instant at) {
        Duration step = Duration.between(clock.instant(), at);
        clock.advance(step);
        complaints.advanceTime(step);
        dispatch.advanceTime(step);
        field.advanceTime(step);
        driver.advanceWallClockTime(step);
    }

    private List<Event<SlaEvent>> events() {
        List<Event<SlaEvent>> events = new ArrayList<>();
        for (byte[] value : sla.readValuesToList()) {
            events.add(decode(Topics.SLA, value));
        }
        return events;
    }

    private ComplaintTimeline timeline(String complaintId) {
        KeyValueStore<String, ComplaintTimeline> store = driver.getKeyValueStore(SlaTopology.TIMELINE_STORE);
        return store.get(complaintId);
    }

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    private static <P extends siaga.contracts.events.EventPayload> Event<P> decode(EventTopic<P> topic, byte[] value) {
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
