package siaga.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
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
import siaga.contracts.ActorRole;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.EventTopic;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.intake.view.ComplaintStatus;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.NearbyComplaint;
import siaga.intake.view.NearbyGrid;
import siaga.intake.view.StatusChange;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

class IntakeTopologyTest {
    private static final Duration STREET_LIGHT_WINDOW =
            siaga.contracts.reference.ReferenceData.demo().getCategory("street-light-out").duplicate().window();
    static final Instant REPORTED_AT = Instant.parse("2026-03-14T13:05:00Z");
    static final Instant NOW = Instant.parse("2026-03-14T14:00:00Z");
    static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "operator");
    static final Actor DISPATCHER = Actor.system("dispatcher");
    static final Actor CREW = new Actor(ActorRole.CREW, "dishub-1");

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> complaints;
    TestInputTopic<String, byte[]> dispatch;
    TestInputTopic<String, byte[]> field;
    TestOutputTopic<String, byte[]> deadLetters;
    KeyValueStore<String, ComplaintView> views;
    KeyValueStore<String, String> tickets;
    KeyValueStore<String, NearbyComplaint> nearby;

    @BeforeEach
    void startDriver() {
        SiagaConfig config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        driver = new TopologyTestDriver(IntakeTopology.build(Clock.fixed(NOW, ZoneOffset.UTC), siaga.contracts.reference.ReferenceCatalog.demo()),
                KafkaSettings.streams(config, IntakeTopology.APPLICATION_NAME));
        complaints = input(Topics.COMPLAINTS);
        dispatch = input(Topics.DISPATCH);
        field = input(Topics.FIELD);
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
        views = driver.getKeyValueStore(IntakeTopology.COMPLAINT_VIEW_STORE);
        tickets = driver.getKeyValueStore(IntakeTopology.TICKET_STORE);
        nearby = driver.getKeyValueStore(IntakeTopology.NEARBY_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void followsAComplaintFromReportThroughTheFieldToClosureWithItsTimeline() {
        Event<ComplaintReported> reported = aStreetLightOut();
        String id = reported.subjectId();
        Event<ComplaintDispatched> dispatched = reported.followedBy(new ComplaintDispatched("dishub-1", "DISHUB", 820.5, 0,
                "nearest free crew with street-lighting"), DISPATCHER, REPORTED_AT.plusSeconds(20));
        Event<JobAcknowledged> acknowledged = reported.followedBy(new JobAcknowledged("dishub-1", NOW), CREW,
                REPORTED_AT.plusSeconds(300));
        Event<JobEnRoute> enRoute = reported.followedBy(new JobEnRoute("dishub-1", NOW), CREW, REPORTED_AT.plusSeconds(400));
        Event<JobOnScene> onScene = reported.followedBy(new JobOnScene("dishub-1", NOW), CREW, REPORTED_AT.plusSeconds(1400));
        Event<JobResolved> resolved = reported.followedBy(new JobResolved("dishub-1", "replaced the lamp", null, NOW), CREW,
                REPORTED_AT.plusSeconds(3600));
        Event<ComplaintEvent> note = reported.followedBy(new NoteAdded("caller rang again"), OPERATOR, REPORTED_AT.plusSeconds(3700));
        Event<ComplaintEvent> closed = reported.followedBy(new ComplaintClosed("caller confirmed"), OPERATOR,
                REPORTED_AT.plusSeconds(3800));

        send(complaints, reported);
        assertThat(views.get(id)).isEqualTo(new ComplaintView(id, "MDN-2026-000042", "madiun", "street-light-out", "DISHUB",
                3, new GeoPoint(-7.6298, 111.5239), "kartoharjo", null, "phone", "Jl. Pahlawan 12, Kartoharjo",
                "Lampu jalan mati sejak semalam", new Reporter("Sri Wahyuni", "+62 812-3456-7890", "sri@example.id"),
                ComplaintStatus.REPORTED, null, REPORTED_AT, REPORTED_AT, List.of(step(ComplaintStatus.REPORTED, reported)),
                null, null));

        send(dispatch, dispatched);
        send(field, acknowledged);
        send(field, enRoute);
        send(field, onScene);
        send(field, resolved);
        assertThat(views.get(id).status()).isEqualTo(ComplaintStatus.RESOLVED);
        send(complaints, note);
        send(complaints, closed);
        send(field, resolved);

        ComplaintView view = views.get(id);
        assertThat(view.status()).isEqualTo(ComplaintStatus.CLOSED);
        assertThat(view.crewId()).isEqualTo("dishub-1");
        assertThat(view.updatedAt()).isEqualTo(REPORTED_AT.plusSeconds(3800));
        assertThat(view.timeline()).containsExactly(step(ComplaintStatus.REPORTED, reported),
                step(ComplaintStatus.DISPATCHED, dispatched), step(ComplaintStatus.ACKNOWLEDGED, acknowledged),
                step(ComplaintStatus.EN_ROUTE, enRoute), step(ComplaintStatus.ON_SCENE, onScene),
                step(ComplaintStatus.RESOLVED, resolved), step(ComplaintStatus.CLOSED, closed));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void keepsACancelledComplaintCancelledWhenALateDispatchArrives() {
        Event<ComplaintReported> reported = aStreetLightOut();
        send(complaints, reported);
        send(complaints, reported.followedBy(new ComplaintCancelled("prank call"), OPERATOR, REPORTED_AT.plusSeconds(60)));
        send(dispatch, reported.followedBy(new ComplaintDispatched("dishub-1", "DISHUB", 820.5, 0, "nearest"), DISPATCHER,
                REPORTED_AT.plusSeconds(30)));

        ComplaintView view = views.get(reported.subjectId());
        assertThat(view.status()).isEqualTo(ComplaintStatus.CANCELLED);
        assertThat(view.timeline()).extracting(StatusChange::status).containsExactly(ComplaintStatus.REPORTED,
                ComplaintStatus.DISPATCHED, ComplaintStatus.CANCELLED);
    }

    @Test
    void indexesTheTicketAndKeepsAnOpenComplaintInTheNearbyStoreUntilItIsResolved() {
        Event<ComplaintReported> reported = aStreetLightOut();
        String id = reported.subjectId();
        String cellKey = NearbyGrid.key("madiun", "street-light-out", new GeoPoint(-7.6298, 111.5239), id);

        send(complaints, reported);
        assertThat(tickets.get("MDN-2026-000042")).isEqualTo(id);
        assertThat(cellKey).isEqualTo("madiun/street-light-out/065086/194349/" + id);
        assertThat(entries(nearby)).containsExactly(new KeyValue<>(cellKey, new NearbyComplaint(id, "MDN-2026-000042",
                "street-light-out", new GeoPoint(-7.6298, 111.5239), REPORTED_AT)));

        send(dispatch, reported.followedBy(new ComplaintDispatched("dishub-1", "DISHUB", 820.5, 0, "nearest"), DISPATCHER,
                REPORTED_AT.plusSeconds(20)));
        assertThat(entries(nearby)).hasSize(1);

        send(field, reported.followedBy(new JobResolved("dishub-1", "replaced the lamp", null, NOW), CREW,
                REPORTED_AT.plusSeconds(3600)));
        assertThat(entries(nearby)).isEmpty();
        assertThat(tickets.get("MDN-2026-000042")).isEqualTo(id);
    }

    @Test
    void sweepsAnOpenComplaintOutOfTheNearbyStoreOnceItIsOlderThanItsCategorysDuplicateWindow() {
        Event<ComplaintReported> reported = aStreetLightOut();
        send(complaints, reported);
        assertThat(entries(nearby)).hasSize(1);

        driver.advanceWallClockTime(Duration.between(NOW, REPORTED_AT.plus(STREET_LIGHT_WINDOW)).plusMinutes(2));

        assertThat(entries(nearby)).isEmpty();
        assertThat(views.get(reported.subjectId()).status()).isEqualTo(ComplaintStatus.REPORTED);
    }

    @Test
    void showsAQueuedComplaintWithoutACrewUntilItIsDispatched() {
        Event<ComplaintReported> reported = aStreetLightOut();

        send(complaints, reported);
        send(dispatch, reported.followedBy(new ComplaintQueued("DISHUB", "no DISHUB crew on shift"), DISPATCHER,
                REPORTED_AT.plusSeconds(5)));
        assertThat(views.get(reported.subjectId()).status()).isEqualTo(ComplaintStatus.QUEUED);
        assertThat(views.get(reported.subjectId()).crewId()).isNull();

        send(dispatch, reported.followedBy(new ComplaintDispatched("dishub-2", "DISHUB", 1200, 1, "only crew on shift"),
                DISPATCHER, REPORTED_AT.plusSeconds(900)));
        assertThat(views.get(reported.subjectId()).status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(views.get(reported.subjectId()).crewId()).isEqualTo("dishub-2");
    }

    @Test
    void showsTheNewCrewWhenAComplaintIsDispatchedAgainButNotAStaleDuplicateOfTheOldDispatch() {
        Event<ComplaintReported> reported = aStreetLightOut();
        Event<ComplaintDispatched> first = reported.followedBy(new ComplaintDispatched("dishub-1", "DISHUB", 820.5, 0,
                "nearest free crew with street-lighting"), DISPATCHER, REPORTED_AT.plusSeconds(20));
        Event<ComplaintDispatched> second = reported.followedBy(new ComplaintDispatched("dishub-3", "DISHUB", 1500, 0,
                "dishub-1 did not acknowledge in time"), DISPATCHER, REPORTED_AT.plusSeconds(3620));

        send(complaints, reported);
        send(dispatch, first);
        send(dispatch, second);
        send(dispatch, first);

        ComplaintView view = views.get(reported.subjectId());
        assertThat(view.status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(view.crewId()).isEqualTo("dishub-3");
        assertThat(view.updatedAt()).isEqualTo(REPORTED_AT.plusSeconds(3620));
    }

    @Test
    void reachesTheSameViewWhenTopicsDeliverAComplaintsEventsOutOfOrder() {
        Event<ComplaintReported> reported = aStreetLightOut();
        Event<JobAcknowledged> acknowledged = reported.followedBy(new JobAcknowledged("dishub-1", NOW), CREW, REPORTED_AT.plusSeconds(300));
        Event<ComplaintDispatched> dispatched = reported.followedBy(new ComplaintDispatched("dishub-1", "DISHUB", 820.5, 0,
                "nearest free crew with street-lighting"), DISPATCHER, REPORTED_AT.plusSeconds(20));

        send(field, acknowledged);
        assertThat(views.get(reported.subjectId()).isReported()).isFalse();
        send(dispatch, dispatched);
        send(complaints, reported);

        ComplaintView view = views.get(reported.subjectId());
        assertThat(view.status()).isEqualTo(ComplaintStatus.ACKNOWLEDGED);
        assertThat(view.crewId()).isEqualTo("dishub-1");
        assertThat(view.ticket()).isEqualTo("MDN-2026-000042");
        assertThat(view.reportedAt()).isEqualTo(REPORTED_AT);
        assertThat(view.updatedAt()).isEqualTo(REPORTED_AT.plusSeconds(300));
    }

    @Test
    void deadLettersARecordThatIsNotAnEventWithItsReasonAndKeepsFolding() throws Exception {
        complaints.pipeInput("2b8e0c1e-0000-4000-8000-000000000001", "{not json".getBytes(StandardCharsets.UTF_8), NOW);
        Event<ComplaintReported> reported = aStreetLightOut();
        send(complaints, reported);

        KeyValue<String, byte[]> letter = deadLetters.readKeyValue();
        assertThat(letter.key).isEqualTo("2b8e0c1e-0000-4000-8000-000000000001");
        DeadLetter deadLetter = Json.MAPPER.readValue(letter.value, DeadLetter.class);
        assertThat(deadLetter.reason()).startsWith("not valid JSON");
        assertThat(deadLetter).isEqualTo(new DeadLetter("complaints", 0, 0, "2b8e0c1e-0000-4000-8000-000000000001",
                "{not json", deadLetter.reason(), "intake", NOW));
        assertThat(deadLetters.isEmpty()).isTrue();

        assertThat(views.get("2b8e0c1e-0000-4000-8000-000000000001")).isNull();
        assertThat(views.get(reported.subjectId()).status()).isEqualTo(ComplaintStatus.REPORTED);
    }

    private static Event<ComplaintReported> aStreetLightOut() {
        return Event.of(new ComplaintReported("MDN-2026-000042", "street-light-out", "DISHUB", 3,
                        new GeoPoint(-7.6298, 111.5239), "Jl. Pahlawan 12, Kartoharjo", "Lampu jalan mati sejak semalam",
                        new Reporter("Sri Wahyuni", "+62 812-3456-7890", "sri@example.id"), "kartoharjo", null, "phone"),
                "madiun", UUID.randomUUID().toString(), OPERATOR, "call-7781", REPORTED_AT);
    }

    private static StatusChange step(ComplaintStatus status, Event<?> event) {
        return new StatusChange(status, event.occurredAt(), event.eventId().toString());
    }

    private static <V> List<KeyValue<String, V>> entries(KeyValueStore<String, V> store) {
        List<KeyValue<String, V>> all = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    private static void send(TestInputTopic<String, byte[]> topic, Event<? extends EventPayload> event) {
        topic.pipeInput(event.subjectId(), EventCodec.encode(event), event.occurredAt());
    }

    private TestInputTopic<String, byte[]> input(EventTopic<?> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
    }
}
