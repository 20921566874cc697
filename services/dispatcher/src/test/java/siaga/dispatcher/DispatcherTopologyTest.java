package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.board.CrewOnBoard;
import siaga.dispatcher.board.DispatchBoard;
import siaga.dispatcher.board.Job;
import siaga.dispatcher.board.WaitingComplaint;

class DispatcherTopologyTest {
    static final Instant NOW = Instant.parse("2026-01-15T02:00:00Z");
    static final Actor DISPATCHER = Actor.system("dispatcher");

    // depots of the demo's DLH crews
    static final GeoPoint DLH_1_DEPOT = new GeoPoint(-7.6100, 111.5230);
    static final GeoPoint DLH_2_DEPOT = new GeoPoint(-7.6500, 111.5200);
    static final GeoPoint DLH_3_DEPOT = new GeoPoint(-7.6300, 111.5450);
    static final GeoPoint JALAN_PAHLAWAN = new GeoPoint(-7.6290, 111.5240);
    static final GeoPoint NEAR_DLH_1 = new GeoPoint(-7.6120, 111.5230);

    /** Kota Madiun plus a DLH crew that mows parks and cannot clear trees. */
    static final ReferenceCatalog REFERENCE = withMowers(ReferenceData.demo());

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> complaints;
    TestInputTopic<String, byte[]> crews;
    TestInputTopic<String, byte[]> field;
    TestOutputTopic<String, byte[]> dispatch;
    TestOutputTopic<String, byte[]> deadLetter;
    Instant eventTime = NOW.minus(Duration.ofHours(1));
    int tickets;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dispatcher-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DispatcherTopology.build(REFERENCE, Clock.fixed(NOW, ZoneOffset.UTC)), props);
        complaints = driver.createInputTopic("complaints", new StringSerializer(), new ByteArraySerializer());
        crews = driver.createInputTopic("crews", new StringSerializer(), new ByteArraySerializer());
        field = driver.createInputTopic("field", new StringSerializer(), new ByteArraySerializer());
        dispatch = driver.createOutputTopic("dispatch", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetter = driver.createOutputTopic("dead-letter", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void dispatchesToAnOnShiftCrewWithTheSkillNotToOneWithoutItOrOffShift() {
        startShift("dlh-mower", new GeoPoint(-7.6291, 111.5241));
        startShift("dlh-3", new GeoPoint(-7.6295, 111.5245));
        endShift("dlh-3");
        startShift("dlh-2", DLH_2_DEPOT);
        Event<ComplaintReported> tree = fallenTree("c-1", JALAN_PAHLAWAN, 2);

        report(tree);

        assertDecision(dispatch.readRecord(), tree, new ComplaintDispatched("dlh-2", "DLH", 2376, 0,
                "only on-shift crew with tree-clearing (0 open jobs, 2.4 km away)"));
        assertThat(dispatch.isEmpty()).isTrue();
        assertThat(deadLetter.isEmpty()).isTrue();
        assertThat(crewsStore().get("madiun/DLH/dlh-2").openJobs()).containsExactly("c-1");
        assertThat(jobsStore().get("c-1")).isEqualTo(new Job("c-1", "madiun/DLH", Job.Status.DISPATCHED, "dlh-2"));
    }

    @Test
    void theLeastLoadedCrewWinsThenTheNearest() {
        startShift("dlh-1", DLH_1_DEPOT);
        startShift("dlh-2", DLH_2_DEPOT);
        startShift("dlh-3", DLH_3_DEPOT);
        Event<ComplaintReported> first = fallenTree("c-1", NEAR_DLH_1, 2);
        Event<ComplaintReported> second = fallenTree("c-2", NEAR_DLH_1, 2);
        Event<ComplaintReported> third = fallenTree("c-3", NEAR_DLH_1, 2);

        report(first);
        report(second);
        report(third);

        assertDecision(dispatch.readRecord(), first, new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "least loaded (0 open jobs) and nearest (222 m) of 3 on-shift crews with tree-clearing"));
        assertDecision(dispatch.readRecord(), second, new ComplaintDispatched("dlh-3", "DLH", 3144, 0,
                "least loaded (0 open jobs) and nearest (3.1 km) of 3 on-shift crews with tree-clearing"));
        assertDecision(dispatch.readRecord(), third, new ComplaintDispatched("dlh-2", "DLH", 4238, 0,
                "least loaded (0 open jobs, 4.2 km away) of 3 on-shift crews with tree-clearing"));
        assertThat(dispatch.isEmpty()).isTrue();
    }

    @Test
    void queuesWhenNoCrewIsOnShiftThenDispatchesMostUrgentFirstWhenACrewStartsItsShift() {
        Event<ComplaintReported> blockedRoad = fallenTree("c-1", JALAN_PAHLAWAN, 2);
        Event<ComplaintReported> onAHouse = fallenTree("c-2", NEAR_DLH_1, 1);

        report(blockedRoad);
        report(onAHouse);

        String noCrew = "none of the 3 DLH crews with tree-clearing is on shift";
        assertDecision(dispatch.readRecord(), blockedRoad, new ComplaintQueued("DLH", noCrew));
        assertDecision(dispatch.readRecord(), onAHouse, new ComplaintQueued("DLH", noCrew));
        assertThat(dispatch.isEmpty()).isTrue();
        assertThat(queued()).extracting(WaitingComplaint::complaintId).containsExactlyInAnyOrder("c-1", "c-2");

        startShift("dlh-1", DLH_1_DEPOT);

        String queuedUntil = "; queued until crew dlh-1 started its shift";
        assertDecision(dispatch.readRecord(), onAHouse, new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "only on-shift crew with tree-clearing (0 open jobs, 222 m away)" + queuedUntil));
        assertDecision(dispatch.readRecord(), blockedRoad, new ComplaintDispatched("dlh-1", "DLH", 2116, 1,
                "only on-shift crew with tree-clearing (1 open job, 2.1 km away)" + queuedUntil));
        assertThat(dispatch.isEmpty()).isTrue();
        assertThat(queued()).isEmpty();
        assertThat(crewsStore().get("madiun/DLH/dlh-1").openJobs()).containsExactly("c-2", "c-1");
    }

    @Test
    void aResolvedJobFreesTheCrew() {
        startShift("dlh-1", DLH_1_DEPOT);
        startShift("dlh-2", DLH_2_DEPOT);
        Event<ComplaintReported> first = fallenTree("c-1", NEAR_DLH_1, 2);
        Event<ComplaintReported> second = fallenTree("c-2", NEAR_DLH_1, 2);
        report(first);

        field.pipeInput("c-1", EventCodec.encode(first.followedBy(new JobResolved("dlh-1", "pohon dipotong dan disingkirkan", null, NOW),
                new Actor(ActorRole.CREW, "dlh-1"), nextEventTime())));

        assertThat(crewsStore().get("madiun/DLH/dlh-1").openJobs()).isEmpty();
        assertThat(jobsStore().get("c-1")).isEqualTo(new Job("c-1", "madiun/DLH", Job.Status.RESOLVED, "dlh-1"));

        report(second);

        assertDecision(dispatch.readRecord(), first, new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "least loaded (0 open jobs) and nearest (222 m) of 2 on-shift crews with tree-clearing"));
        assertDecision(dispatch.readRecord(), second, new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "least loaded (0 open jobs) and nearest (222 m) of 2 on-shift crews with tree-clearing"));
        assertThat(dispatch.isEmpty()).isTrue();
        assertThat(deadLetter.isEmpty()).isTrue();
    }

    @Test
    void aRepeatedDeliveryIsNotActedOnTwice() {
        Event<ShiftStarted> shift = shiftStarted("dlh-1", DLH_1_DEPOT);
        Event<ShiftEnded> shiftEnd = shift.followedBy(new ShiftEnded("dlh-1", "DLH"), shift.actor(), nextEventTime());
        Event<ComplaintReported> tree = fallenTree("c-1", NEAR_DLH_1, 2);
        Event<JobResolved> resolved = tree.followedBy(new JobResolved("dlh-1", "selesai", null, NOW), shift.actor(), nextEventTime());

        crews.pipeInput("dlh-1", EventCodec.encode(shift));
        report(tree);
        report(tree);
        field.pipeInput("c-1", EventCodec.encode(resolved));
        field.pipeInput("c-1", EventCodec.encode(resolved));
        crews.pipeInput("dlh-1", EventCodec.encode(shiftEnd));
        crews.pipeInput("dlh-1", EventCodec.encode(shift));

        assertDecision(dispatch.readRecord(), tree, new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "only on-shift crew with tree-clearing (0 open jobs, 222 m away)"));
        assertThat(dispatch.isEmpty()).isTrue();
        assertThat(deadLetter.isEmpty()).isTrue();
        assertThat(crewsStore().get("madiun/DLH/dlh-1"))
                .isEqualTo(new CrewOnBoard("dlh-1", false, DLH_1_DEPOT, shiftEnd.occurredAt(), List.of()));
    }

    @Test
    void unreadableRecordsAndUnknownCategoriesGoToDeadLetterAndDispatchingGoesOn() {
        startShift("dlh-1", DLH_1_DEPOT);
        Event<ComplaintReported> volcano = Event.of(new ComplaintReported("MDN-2026-000002", "volcano", "DLH", 1,
                NEAR_DLH_1, "Jl. Pahlawan", "Abu vulkanik", new Reporter("Sri", "081234567890")),
                "madiun", "c-2", new Actor(ActorRole.OPERATOR, "op-1"), "corr-c-2", nextEventTime());
        Event<ComplaintReported> tree = fallenTree("c-3", NEAR_DLH_1, 2);

        complaints.pipeInput("c-1", "{not json".getBytes(StandardCharsets.UTF_8));
        report(volcano);
        report(tree);

        DeadLetter notJson = readDeadLetter("c-1");
        assertThat(notJson.reason()).startsWith("not valid JSON");
        assertThat(notJson).isEqualTo(new DeadLetter("complaints", 0, 0, "c-1", "{not json", notJson.reason(), "dispatcher", NOW));
        assertThat(readDeadLetter("c-2")).isEqualTo(new DeadLetter("complaints", 0, 1, "c-2",
                new String(EventCodec.encode(volcano), StandardCharsets.UTF_8),
                "unknown category volcano in jurisdiction madiun", "dispatcher", NOW));
        assertThat(deadLetter.isEmpty()).isTrue();
        assertDecision(dispatch.readRecord(), tree, new ComplaintDispatched("dlh-1", "DLH", 222, 0,
                "only on-shift crew with tree-clearing (0 open jobs, 222 m away)"));
        assertThat(dispatch.isEmpty()).isTrue();
    }

    @Test
    void aResolutionTheBoardCannotPlaceGoesToDeadLetterWithItsSource() {
        Actor crew = new Actor(ActorRole.CREW, "dlh-2");
        Event<JobResolved> unknownJob = Event.of(new JobResolved("dlh-2", "selesai", null, NOW), "madiun", "c-9", crew, "corr-c-9", nextEventTime());
        Event<JobResolved> unknownCrew = Event.of(new JobResolved("dlh-99", "selesai", null, NOW), "madiun", "c-9", crew, "corr-c-9", nextEventTime());

        field.pipeInput("c-9", EventCodec.encode(unknownJob));
        field.pipeInput("c-9", EventCodec.encode(unknownCrew));

        assertThat(readDeadLetter("c-9")).isEqualTo(new DeadLetter("field", 0, 0, "c-9",
                new String(EventCodec.encode(unknownJob), StandardCharsets.UTF_8),
                "complaint c-9 has no job on board madiun/DLH", "dispatcher", NOW));
        assertThat(readDeadLetter("c-9")).isEqualTo(new DeadLetter("field", 0, 1, "c-9",
                new String(EventCodec.encode(unknownCrew), StandardCharsets.UTF_8),
                "unknown crew dlh-99 in jurisdiction madiun", "dispatcher", NOW));
        assertThat(deadLetter.isEmpty()).isTrue();
        assertThat(dispatch.isEmpty()).isTrue();
    }

    private Event<ComplaintReported> fallenTree(String complaintId, GeoPoint location, int priority) {
        return Event.of(new ComplaintReported(String.format("MDN-2026-%06d", ++tickets), "fallen-tree", "DLH", priority, location,
                        "Jl. Pahlawan", "Pohon tumbang menutup jalan", new Reporter("Sri", "081234567890")),
                "madiun", complaintId, new Actor(ActorRole.OPERATOR, "op-1"), "corr-" + complaintId, nextEventTime());
    }

    private Event<ShiftStarted> shiftStarted(String crewId, GeoPoint location) {
        String department = REFERENCE.get("madiun").getCrew(crewId).department();
        return Event.of(new ShiftStarted(crewId, department, location), "madiun", crewId,
                new Actor(ActorRole.CREW, crewId), "shift-" + crewId, nextEventTime());
    }

    private void startShift(String crewId, GeoPoint location) {
        crews.pipeInput(crewId, EventCodec.encode(shiftStarted(crewId, location)));
    }

    private void endShift(String crewId) {
        String department = REFERENCE.get("madiun").getCrew(crewId).department();
        crews.pipeInput(crewId, EventCodec.encode(Event.of(new ShiftEnded(crewId, department), "madiun", crewId,
                new Actor(ActorRole.CREW, crewId), "shift-" + crewId, nextEventTime())));
    }

    private void report(Event<ComplaintReported> complaint) {
        complaints.pipeInput(complaint.subjectId(), EventCodec.encode(complaint));
    }

    private Instant nextEventTime() {
        eventTime = eventTime.plusSeconds(30);
        return eventTime;
    }

    private static void assertDecision(TestRecord<String, byte[]> record, Event<ComplaintReported> cause, DispatchEvent decision) {
        assertThat(record.key()).isEqualTo(cause.subjectId());
        Event<DispatchEvent> event;
        try {
            event = Topics.DISPATCH.decode(record.value());
        } catch (siaga.contracts.InvalidEventException e) {
            throw new AssertionError("dispatch carries an invalid event: " + e.getMessage(), e);
        }
        assertThat(event).usingRecursiveComparison().ignoringFields("eventId")
                .isEqualTo(cause.followedBy(decision, DISPATCHER, NOW));
    }

    private DeadLetter readDeadLetter(String expectedKey) {
        TestRecord<String, byte[]> record = deadLetter.readRecord();
        assertThat(record.key()).isEqualTo(expectedKey);
        try {
            return Json.MAPPER.readValue(record.value(), DeadLetter.class);
        } catch (java.io.IOException e) {
            throw new AssertionError("dead-letter carries no dead letter", e);
        }
    }

    private KeyValueStore<String, CrewOnBoard> crewsStore() {
        return driver.getKeyValueStore(DispatchBoard.CREWS_STORE);
    }

    private KeyValueStore<String, Job> jobsStore() {
        return driver.getKeyValueStore(DispatchBoard.JOBS_STORE);
    }

    private List<WaitingComplaint> queued() {
        KeyValueStore<String, WaitingComplaint> store = driver.getKeyValueStore(DispatchBoard.QUEUE_STORE);
        List<WaitingComplaint> waiting = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining((KeyValue<String, WaitingComplaint> kv) -> waiting.add(kv.value));
        }
        return waiting;
    }

    private static ReferenceCatalog withMowers(ReferenceData demo) {
        List<ReferenceData.Category> categories = new ArrayList<>(demo.categories());
        categories.add(new ReferenceData.Category("overgrown-park", "Taman tidak terawat (overgrown park)", "DLH", "mowing", 4,
                new ReferenceData.SlaTargets(Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(3))));
        List<ReferenceData.Crew> crews = new ArrayList<>(demo.crews());
        crews.add(new ReferenceData.Crew("dlh-mower", "Regu Potong Rumput", "DLH", List.of("mowing"), new GeoPoint(-7.6280, 111.5200)));
        return new ReferenceCatalog(List.of(new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), categories, crews)));
    }
}
