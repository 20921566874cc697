package siaga.fieldcrew;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.GeoPoint;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.MutableClock;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/** Field-crew against a real broker, through its HTTP API, the way a crew's app and the dispatcher use it. */
class FieldCrewIT {
    private static final Instant NOW = Instant.parse("2025-03-04T02:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ReferenceCatalog REFERENCE = TestReference.CATALOG;
    private static final MutableClock CLOCK = new MutableClock(NOW);

    private static TestKafka kafka;
    private static ServiceHost host;
    private static KafkaProducer<String, byte[]> dispatcher;
    private static URI base;
    private static DemoUsers users;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        SiagaConfig config = kafka.config();
        // sessions run on the real clock: the tests move the service's clock by days, and sign-in is not under test here
        host = new ServiceHost(config, REFERENCE, Clock.systemUTC(), List.of(new FieldCrewService(config, REFERENCE, CLOCK)));
        base = URI.create("http://localhost:" + host.start(0));
        users = new DemoUsers(base);
        dispatcher = new KafkaProducer<>(KafkaSettings.producer(config, "test-dispatcher"));
        Await.until("field-crew ready", Duration.ofSeconds(60), host::ready);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void startingAShiftWritesShiftStartedAtTheCrewsDepot() throws Exception {
        HttpResponse<String> started = postAs(DemoUsers.crewLead("dlh-2"), "/api/crews/me/shift", "{\"action\":\"start\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started)).isEqualTo(json("""
                {"crewId":"dlh-2","onShift":true,"jurisdiction":"madiun","department":"DLH",
                 "location":{"lat":-7.65,"lon":111.52},"since":"2025-03-04T02:00:00Z","membersPresent":[]}"""));
        List<Event<CrewEvent>> events = eventsFor(Topics.CREWS, "dlh-2");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).usingRecursiveComparison().ignoringFields("eventId", "correlationId")
                .isEqualTo(Event.of(new ShiftStarted("dlh-2", "DLH", new GeoPoint(-7.65, 111.52)), "madiun", "dlh-2",
                        new Actor(ActorRole.CREW, "dlh-2"), "-", NOW));
        assertThat(UUID.fromString(events.get(0).correlationId())).isNotNull();
        assertThat(json(getAs(DemoUsers.crewLead("dlh-2"), "/api/crews/me/shift")).get("onShift").asBoolean()).isTrue();
    }

    @Test
    void startingAShiftAtAGivenLocationWritesThatLocation() throws Exception {
        HttpResponse<String> started = postAs(DemoUsers.crewLead("bpbd-1"), "/api/crews/me/shift",
                "{\"action\":\"start\",\"location\":{\"lat\":-7.6301,\"lon\":111.5172}}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started).get("location")).isEqualTo(json("{\"lat\":-7.6301,\"lon\":111.5172}"));
        assertThat(eventsFor(Topics.CREWS, "bpbd-1")).singleElement()
                .extracting(Event::data).isEqualTo(new ShiftStarted("bpbd-1", "BPBD", new GeoPoint(-7.6301, 111.5172)));
    }

    @Test
    void endingAShiftAndStartingAgainWorks() throws Exception {
        assertThat(postAs(DemoUsers.crewLead("dlh-3"), "/api/crews/me/shift", "{\"action\":\"start\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> ended = postAs(DemoUsers.crewLead("dlh-3"), "/api/crews/me/shift", "{\"action\":\"end\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended)).isEqualTo(json("""
                {"crewId":"dlh-3","onShift":false,"jurisdiction":"madiun","department":"DLH",
                 "location":null,"since":"2025-03-04T02:00:00Z","membersPresent":[]}"""));

        HttpResponse<String> again = postAs(DemoUsers.crewLead("dlh-3"), "/api/crews/me/shift", "{\"action\":\"start\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("onShift").asBoolean()).isTrue();
        GeoPoint depot = new GeoPoint(-7.63, 111.545);
        assertThat(eventsFor(Topics.CREWS, "dlh-3")).extracting(Event::data).containsExactly(
                new ShiftStarted("dlh-3", "DLH", depot), new ShiftEnded("dlh-3", "DLH"), new ShiftStarted("dlh-3", "DLH", depot));
    }

    @Test
    void endingWhenOffShiftOrStartingWhenOnShiftIsAConflictNamingTheCurrentState() throws Exception {
        HttpResponse<String> endOff = postAs(DemoUsers.crewLead("pupr-1"), "/api/crews/me/shift", "{\"action\":\"end\"}");
        assertThat(endOff.statusCode()).isEqualTo(409);
        assertThat(endOff.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(endOff)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/illegal-transition","title":"Illegal transition","status":409,
                 "detail":"crew pupr-1 is not on shift","errors":[],
                 "currentState":"off-shift","allowedNextStates":["on-shift"]}"""));

        assertThat(postAs(DemoUsers.crewLead("pupr-1"), "/api/crews/me/shift", "{\"action\":\"start\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> startOn = postAs(DemoUsers.crewLead("pupr-1"), "/api/crews/me/shift", "{\"action\":\"start\"}");
        assertThat(startOn.statusCode()).isEqualTo(409);
        assertThat(json(startOn).get("currentState").asText()).isEqualTo("on-shift");
        assertThat(json(startOn).get("allowedNextStates")).isEqualTo(json("[\"off-shift\"]"));

        assertThat(eventsFor(Topics.CREWS, "pupr-1")).extracting(Event::data)
                .containsExactly(new ShiftStarted("pupr-1", "PUPR", new GeoPoint(-7.633, 111.53)));
    }

    @Test
    void theCrewIsTheSignedInCrewLeadsAndNobodyElseActsForACrew() throws Exception {
        String id = "c-it-who-acts";
        dispatch(id, "dlh-1");
        long crews = recordsOn(Topics.CREWS.name());

        HttpResponse<String> anonymous = http.send(request("/api/crews/me/shift").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"start\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"siaga\"");
        HttpResponse<String> operator = postAs(DemoUsers.OPERATOR, "/api/crews/me/shift", "{\"action\":\"start\"}");
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(json(operator).get("detail").asText()).isEqualTo("an operator may not POST /api/crews/me/shift; this needs crew");
        assertThat(postAs(DemoUsers.MANAGER, "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(403);
        assertThat(getAs(DemoUsers.crewLead("dlh-1"), "/api/attendance?department=DLH").statusCode()).isEqualTo(403);

        HttpResponse<String> namingACrew = postAs(DemoUsers.crewLead("dlh-2"), "/api/jobs/" + id + "/ack", "{\"crewId\":\"dlh-1\"}");
        assertThat(namingACrew.statusCode()).isEqualTo(400);
        assertThat(json(namingACrew).get("errors")).isEqualTo(json("[{\"pointer\":\"/crewId\",\"message\":\"unknown field 'crewId'\"}]"));
        HttpResponse<String> othersJob = getAs(DemoUsers.crewLead("dlh-2"), "/api/jobs/" + id);
        assertThat(othersJob.statusCode()).isEqualTo(403);
        assertThat(othersJob.body()).doesNotContain("dispatched");
        assertThat(json(getAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id)).get("crewId").asText()).isEqualTo("dlh-1");
        assertThat(json(getAs(DemoUsers.INSPECTOR, "/api/jobs/" + id)).get("crewId").asText()).isEqualTo("dlh-1");

        assertThat(eventsFor(Topics.FIELD, id)).isEmpty();
        assertThat(recordsOn(Topics.CREWS.name())).isEqualTo(crews);
    }

    @Test
    void badShiftRequestsAreRejectedNamingTheFieldAndWriteNothing() throws Exception {
        long before = recordsOn(Topics.CREWS.name());

        HttpResponse<String> badAction = postAs(DemoUsers.crewLead("dishub-1"), "/api/crews/me/shift", "{\"action\":\"begin\"}");
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(json(badAction).get("errors")).isEqualTo(json("""
                [{"pointer":"/action","message":"must be \\"start\\" or \\"end\\""}]"""));

        HttpResponse<String> noLat = postAs(DemoUsers.crewLead("dishub-1"), "/api/crews/me/shift", "{\"action\":\"start\",\"location\":{\"lon\":111.5}}");
        assertThat(noLat.statusCode()).isEqualTo(400);
        assertThat(json(noLat).get("errors")).isEqualTo(json("""
                [{"pointer":"/location/lat","message":"is required and must be a number"}]"""));

        HttpResponse<String> outside = postAs(DemoUsers.crewLead("dishub-1"), "/api/crews/me/shift",
                "{\"action\":\"start\",\"location\":{\"lat\":-6.2,\"lon\":106.8}}");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(json(outside).get("errors")).isEqualTo(json("""
                [{"pointer":"/location","message":"must lie inside Kota Madiun"}]"""));

        assertThat(recordsOn(Topics.CREWS.name())).isEqualTo(before);
    }

    @Test
    void theAssignedCrewAcknowledgesThenResolvesItsJob() throws Exception {
        String id = "c-it-ack-resolve";
        Event<ComplaintDispatched> dispatched = dispatch(id, "dlh-1");

        HttpResponse<String> ack = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);

        HttpResponse<String> resolve = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/resolve",
                "{\"note\":\"Pohon tumbang sudah dipotong dan jalan dibuka kembali\"}");
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);

        List<Event<FieldEvent>> events = eventsFor(Topics.FIELD, id);
        assertThat(events).hasSize(2);
        assertThat(json(ack)).isEqualTo(json("{\"complaintId\":\"" + id + "\",\"crewId\":\"dlh-1\",\"status\":\"acknowledged\","
                + "\"eventId\":\"" + events.get(0).eventId() + "\"}"));
        assertThat(json(resolve)).isEqualTo(json("{\"complaintId\":\"" + id + "\",\"crewId\":\"dlh-1\",\"status\":\"resolved\","
                + "\"eventId\":\"" + events.get(1).eventId() + "\"}"));
        Actor crew = new Actor(ActorRole.CREW, "dlh-1");
        assertThat(events).containsExactly(
                new Event<>(events.get(0).eventId(), "job.acknowledged", 2, NOW, "madiun", id, crew,
                        dispatched.correlationId(), new JobAcknowledged("dlh-1", NOW)),
                new Event<>(events.get(1).eventId(), "job.resolved", 2, NOW, "madiun", id, crew,
                        dispatched.correlationId(), new JobResolved("dlh-1", "Pohon tumbang sudah dipotong dan jalan dibuka kembali", null, NOW)));
        assertThat(json(get("/api/jobs/" + id)).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void anotherCrewMayNotMoveTheJob() throws Exception {
        String id = "c-it-other-crew";
        dispatch(id, "dlh-1");

        HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-2"), "/api/jobs/" + id + "/ack", "{}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/forbidden","title":"Forbidden","status":403,
                 "detail":"complaint c-it-other-crew is not assigned to crew dlh-2","errors":[]}"""));
        assertThat(eventsFor(Topics.FIELD, id)).isEmpty();
    }

    @Test
    void resolvingBeforeAcknowledgingIsAConflictNamingTheCurrentState() throws Exception {
        String id = "c-it-resolve-first";
        dispatch(id, "dlh-1");

        HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/resolve", "{\"note\":\"selesai\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/illegal-transition","title":"Illegal transition","status":409,
                 "detail":"complaint c-it-resolve-first is dispatched and cannot become resolved; it can become: acknowledged, declined",
                 "errors":[],"currentState":"dispatched","allowedNextStates":["acknowledged","declined"]}"""));
        assertThat(eventsFor(Topics.FIELD, id)).isEmpty();
    }

    @Test
    void acknowledgingTwiceIsAConflict() throws Exception {
        String id = "c-it-ack-twice";
        dispatch(id, "dlh-1");
        assertThat(postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(200);

        HttpResponse<String> again = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("currentState").asText()).isEqualTo("acknowledged");
        assertThat(json(again).get("allowedNextStates")).isEqualTo(json("[\"en-route\",\"resolved\",\"declined\",\"cannot-fix\"]"));
        assertThat(eventsFor(Topics.FIELD, id)).extracting(Event::data).containsExactly(new JobAcknowledged("dlh-1", NOW));
    }

    @Test
    void concurrentAcknowledgementsOfOneJobLetExactlyOneThrough() throws Exception {
        String id = "c-it-concurrent";
        dispatch(id, "dlh-1");

        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(http.sendAsync(users.as(DemoUsers.crewLead("dlh-1"), request("/api/jobs/" + id + "/ack"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
        }

        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : racing) {
            statuses.add(response.get().statusCode());
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 409, 409, 409);
        assertThat(eventsFor(Topics.FIELD, id)).extracting(Event::data).containsExactly(new JobAcknowledged("dlh-1", NOW));
    }

    @Test
    void anUnknownJobIsNotFound() throws Exception {
        HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/c-it-never-dispatched/ack", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("detail").asText()).isEqualTo("no job is known for complaint c-it-never-dispatched");
        assertThat(eventsFor(Topics.FIELD, "c-it-never-dispatched")).isEmpty();
    }

    @Test
    void malformedJsonOrAMissingNoteIsRejectedNamingTheFieldAndWritesNothing() throws Exception {
        String id = "c-it-bad-body";
        dispatch(id, "dlh-1");
        assertThat(postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
        long before = recordsOn(Topics.FIELD.name());

        HttpResponse<String> malformed = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/resolve", "{\"note\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("errors").get(0).get("pointer").asText()).isEmpty();
        assertThat(json(malformed).get("detail").asText()).startsWith("the request body is not valid JSON");

        HttpResponse<String> noNote = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/resolve", "{}");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(json(noNote)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"/note is required","errors":[{"pointer":"/note","message":"is required"}]}"""));

        HttpResponse<String> blankNoteUnknownField = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/resolve",
                "{\"note\":\"  \",\"photo\":\"x.jpg\"}");
        assertThat(blankNoteUnknownField.statusCode()).isEqualTo(400);
        assertThat(json(blankNoteUnknownField).get("errors")).isEqualTo(json("""
                [{"pointer":"/photo","message":"unknown field 'photo'"},{"pointer":"/note","message":"must not be blank"}]"""));

        assertThat(recordsOn(Topics.FIELD.name())).isEqualTo(before);
        assertThat(json(get("/api/jobs/" + id)).get("status").asText()).isEqualTo("acknowledged");
    }

    /** The shortest way to each status, as the actions a crew's app posts. */
    private static final Map<String, List<String>> PATHS = Map.of(
            "dispatched", List.of(),
            "acknowledged", List.of("ack"),
            "en-route", List.of("ack", "en-route"),
            "on-scene", List.of("ack", "en-route", "on-scene"),
            "resolved", List.of("ack", "resolve"),
            "declined", List.of("decline"),
            "cannot-fix", List.of("ack", "cannot-fix"));
    private static final Map<String, String> REACHED = Map.of("ack", "acknowledged", "en-route", "en-route",
            "on-scene", "on-scene", "resolve", "resolved", "decline", "declined", "cannot-fix", "cannot-fix");
    private static final Map<String, List<String>> LEGAL = Map.of(
            "dispatched", List.of("acknowledged", "declined"),
            "acknowledged", List.of("en-route", "resolved", "declined", "cannot-fix"),
            "en-route", List.of("on-scene", "cannot-fix"),
            "on-scene", List.of("resolved", "cannot-fix"),
            "resolved", List.of(),
            "declined", List.of(),
            "cannot-fix", List.of());

    static Stream<Arguments> everyStatusAndEveryAction() {
        List<Arguments> pairs = new ArrayList<>();
        for (String from : List.of("dispatched", "acknowledged", "en-route", "on-scene", "resolved", "declined", "cannot-fix")) {
            for (String action : List.of("ack", "en-route", "on-scene", "resolve", "decline", "cannot-fix")) {
                pairs.add(Arguments.of(from, action));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{1} when {0}")
    @MethodSource("everyStatusAndEveryAction")
    void everyLegalTransitionIsWrittenAndEveryIllegalOneIsAConflictNamingTheAllowedOnes(String from, String action) throws Exception {
        String id = "c-it-pair-" + from + "-" + action;
        dispatch(id, "dlh-1");
        for (String step : PATHS.get(from)) {
            HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/" + step, bodyFor(step));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        long before = recordsOn(Topics.FIELD.name());

        HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/" + action, bodyFor(action));

        String reached = REACHED.get(action);
        if (LEGAL.get(from).contains(reached)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).get("status").asText()).isEqualTo(reached);
            assertThat(recordsOn(Topics.FIELD.name())).isEqualTo(before + 1);
            assertThat(json(get("/api/jobs/" + id)).get("status").asText()).isEqualTo(reached);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
            assertThat(json(response).get("currentState").asText()).isEqualTo(from);
            assertThat(Json.MAPPER.convertValue(json(response).get("allowedNextStates"), List.class)).isEqualTo(LEGAL.get(from));
            assertThat(recordsOn(Topics.FIELD.name())).isEqualTo(before);
            assertThat(json(get("/api/jobs/" + id)).get("status").asText()).isEqualTo(from);
        }
    }

    @Test
    void eachTransitionWritesItsFactWithTheDeviceTimeAndTheReceiptTime() throws Exception {
        String id = "c-it-facts";
        dispatch(id, "dlh-1");
        Instant t = NOW.minus(Duration.ofHours(3));
        postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{\"deviceTime\":\"" + t + "\"}");
        postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/en-route", "{\"deviceTime\":\"" + t.plusSeconds(60) + "\"}");
        postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/on-scene", "{\"deviceTime\":\"" + t.plusSeconds(900) + "\"}");
        HttpResponse<String> cannotFix = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/cannot-fix",
                "{\"neededDepartment\":\"PUPR\",\"reason\":\"Jalan amblas, perlu alat berat\"}");
        assertThat(cannotFix.statusCode()).as(cannotFix.body()).isEqualTo(200);

        List<Event<FieldEvent>> events = eventsFor(Topics.FIELD, id);
        assertThat(events).extracting(Event::occurredAt).containsExactly(t, t.plusSeconds(60), t.plusSeconds(900), NOW);
        assertThat(events).extracting(Event::data).containsExactly(new JobAcknowledged("dlh-1", NOW),
                new JobEnRoute("dlh-1", NOW), new JobOnScene("dlh-1", NOW),
                new JobCannotFix("dlh-1", "PUPR", "Jalan amblas, perlu alat berat", NOW));
        assertThat(events).extracting(Event::correlationId).containsOnly("corr-" + id);
    }

    @Test
    void aDeclineNamesAReasonFromTheListAndMayCarryANote() throws Exception {
        String id = "c-it-decline";
        dispatch(id, "dlh-1");

        HttpResponse<String> badReason = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/decline", "{\"reason\":\"tired\"}");
        assertThat(badReason.statusCode()).isEqualTo(400);
        assertThat(json(badReason).get("errors")).isEqualTo(json("""
                [{"pointer":"/reason","message":"must be one of [crew-incomplete, lacking-equipment, other, out-of-area, unsafe-conditions, vehicle-broken]"}]"""));

        HttpResponse<String> declined = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/decline",
                "{\"reason\":\"vehicle-broken\",\"note\":\"Truk mogok\"}");
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
        assertThat(eventsFor(Topics.FIELD, id)).extracting(Event::data)
                .containsExactly(new JobDeclined("dlh-1", "vehicle-broken", "Truk mogok", NOW));
    }

    @Test
    void cannotFixMustNameADepartmentOfTheJurisdiction() throws Exception {
        String id = "c-it-cannot-fix-dept";
        dispatch(id, "dlh-1");
        postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}");

        HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/cannot-fix",
                "{\"neededDepartment\":\"PLN\",\"reason\":\"kabel listrik putus\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors")).isEqualTo(json("""
                [{"pointer":"/neededDepartment","message":"must be a department of Kota Madiun: DISHUB, DLH, BPBD, DAMKAR, PUPR"}]"""));
        assertThat(eventsFor(Topics.FIELD, id)).hasSize(1);
    }

    @Test
    void aRetryWithTheSameEventIdGetsTheSameAnswerAndWritesNothing() throws Exception {
        String id = "c-it-retry";
        dispatch(id, "dlh-1");
        String eventId = "6f1c3a52-8a4e-4f0e-9d57-0b8f6f1d2c11";
        String body = "{\"eventId\":\"" + eventId + "\",\"deviceTime\":\"" + NOW.minusSeconds(30) + "\"}";

        HttpResponse<String> first = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", body);
        HttpResponse<String> retry = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", body);
        assertThat(postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/en-route", "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> lateRetry = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", body);

        String answer = "{\"complaintId\":\"" + id + "\",\"crewId\":\"dlh-1\",\"status\":\"acknowledged\",\"eventId\":\"" + eventId + "\"}";
        for (HttpResponse<String> response : List.of(first, retry, lateRetry)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response)).isEqualTo(json(answer));
        }
        List<Event<FieldEvent>> events = eventsFor(Topics.FIELD, id);
        assertThat(events).extracting(e -> e.data().getClass().getSimpleName()).containsExactly("JobAcknowledged", "JobEnRoute");
        assertThat(events.get(0).eventId()).hasToString(eventId);
        assertThat(events.get(0).occurredAt()).isEqualTo(NOW.minusSeconds(30));

        HttpResponse<String> reused = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/on-scene", body);
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(json(reused).get("detail").asText())
                .isEqualTo("event " + eventId + " of complaint " + id + " was already used by crew dlh-1 for acknowledged");
    }

    @Test
    void deviceTimesTooFarAheadOrTooOldOrMalformedAreRejectedNamingDeviceTime() throws Exception {
        String id = "c-it-device-time";
        dispatch(id, "dlh-1");

        for (String deviceTime : List.of(NOW.plusSeconds(121).toString(), NOW.minus(Duration.ofHours(24)).minusSeconds(1).toString(), "kemarin")) {
            HttpResponse<String> response = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack",
                    "{\"deviceTime\":\"" + deviceTime + "\"}");
            assertThat(response.statusCode()).as(deviceTime).isEqualTo(400);
            assertThat(json(response).get("errors")).hasSize(1);
            assertThat(json(response).get("errors").get(0).get("pointer").asText()).isEqualTo("/deviceTime");
        }
        HttpResponse<String> badId = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{\"eventId\":\"42\"}");
        assertThat(json(badId).get("errors").get(0).get("pointer").asText()).isEqualTo("/eventId");

        HttpResponse<String> justInside = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack",
                "{\"deviceTime\":\"" + NOW.plusSeconds(120) + "\"}");
        assertThat(justInside.statusCode()).as(justInside.body()).isEqualTo(200);
        assertThat(eventsFor(Topics.FIELD, id)).extracting(Event::occurredAt).containsExactly(NOW.plusSeconds(120));
    }

    @Test
    void stepsDeliveredOutOfDeviceTimeOrderKeepTheStatusAndTheTimelineFollowsDeviceTime() throws Exception {
        String id = "c-it-out-of-order";
        dispatch(id, "dlh-1");
        postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{\"deviceTime\":\"" + NOW.minusSeconds(10) + "\"}");
        HttpResponse<String> enRoute = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/en-route",
                "{\"deviceTime\":\"" + NOW.minusSeconds(20) + "\"}");
        assertThat(enRoute.statusCode()).as(enRoute.body()).isEqualTo(200);
        HttpResponse<String> lateAck = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack",
                "{\"deviceTime\":\"" + NOW.minusSeconds(40) + "\"}");
        assertThat(lateAck.statusCode()).isEqualTo(409);

        JsonNode job = json(get("/api/jobs/" + id));
        assertThat(job.get("status").asText()).isEqualTo("en-route");
        List<String> timeline = new ArrayList<>();
        job.get("history").forEach(step -> timeline.add(step.get("status").asText() + "@" + step.get("at").asText()));
        assertThat(timeline).containsExactly("dispatched@" + NOW.minusSeconds(45), "en-route@" + NOW.minusSeconds(20),
                "acknowledged@" + NOW.minusSeconds(10));
        assertThat(job.get("history").get(1).get("receivedAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void aJobDispatchedAgainAfterADeclineBelongsToTheNewCrew() throws Exception {
        String id = "c-it-redispatch";
        Event<ComplaintDispatched> first = dispatch(id, "dlh-1");
        assertThat(postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/decline", "{\"reason\":\"out-of-area\"}").statusCode()).isEqualTo(200);

        send(Topics.DISPATCH, id, first.followedBy(new ComplaintDispatched("dlh-3", "DLH", 1200.0, 0, "next nearest"),
                Actor.system("dispatcher"), NOW));
        Await.until("job " + id + " given to dlh-3", TIMEOUT, () -> json(get("/api/jobs/" + id)).get("crewId").asText().equals("dlh-3"));

        assertThat(postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(403);
        assertThat(postAs(DemoUsers.crewLead("dlh-3"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
        assertThat(json(getAs(DemoUsers.crewLead("dlh-3"), "/api/crews/me/jobs")).get("jobs")).extracting(j -> j.get("complaintId").asText()).contains(id);
        assertThat(json(getAs(DemoUsers.crewLead("dlh-1"), "/api/crews/me/jobs")).get("jobs")).extracting(j -> j.get("complaintId").asText()).doesNotContain(id);
    }

    @Test
    void aReassignedJobBelongsToTheNewCrew() throws Exception {
        String id = "c-it-reassigned";
        Event<ComplaintDispatched> first = dispatch(id, "dlh-1");
        assertThat(postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(200);

        send(Topics.DISPATCH, id, first.followedBy(new ComplaintReassigned("dlh-1", "dlh-2", "DLH", 500.0, 1,
                "dlh-1 ended its shift", List.of(), "2"), Actor.system("dispatcher"), NOW));
        Await.until("job " + id + " given to dlh-2", TIMEOUT, () -> json(get("/api/jobs/" + id)).get("crewId").asText().equals("dlh-2"));

        HttpResponse<String> oldCrew = postAs(DemoUsers.crewLead("dlh-1"), "/api/jobs/" + id + "/en-route", "{}");
        assertThat(oldCrew.statusCode()).isEqualTo(403);
        assertThat(json(get("/api/jobs/" + id)).get("status").asText()).isEqualTo("dispatched");
        assertThat(postAs(DemoUsers.crewLead("dlh-2"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void aCrewSeesItsOpenJobsWithWhatItNeedsAndOnlyTheReportersFirstName() throws Exception {
        String id = "c-it-crew-jobs";
        Instant reported = NOW.minusSeconds(600);
        send(Topics.COMPLAINTS, id, Event.of(new ComplaintReported("MDN-2025-000042", "flood", "BPBD", 1,
                        new GeoPoint(-7.6291, 111.5172), "Jl. Diponegoro 5", "Genangan setinggi lutut",
                        new Reporter("Budi Santoso Wibowo", "+6281234567001")),
                "madiun", id, Actor.system("intake"), "corr-" + id, reported));
        send(Topics.DISPATCH, id, Event.of(new ComplaintDispatched("bpbd-2", "BPBD", 300.0, 0, "nearest flood crew"),
                "madiun", id, Actor.system("dispatcher"), "corr-" + id, NOW.minusSeconds(500)));
        Await.until("job " + id + " with its report", TIMEOUT, () -> {
            JsonNode jobs = json(getAs(DemoUsers.crewLead("bpbd-2"), "/api/crews/me/jobs")).get("jobs");
            return jobs.size() == 1 && jobs.get(0).get("ticket").isTextual();
        });

        HttpResponse<String> response = getAs(DemoUsers.crewLead("bpbd-2"), "/api/crews/me/jobs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(json("""
                {"crewId":"bpbd-2","jobs":[{"complaintId":"c-it-crew-jobs","ticket":"MDN-2025-000042","status":"dispatched",
                 "allowedNextStates":["acknowledged","declined"],"assignedAt":"2025-03-04T01:51:40Z",
                 "category":"flood","categoryName":"Banjir / genangan (flood)","priority":1,
                 "location":{"lat":-7.6291,"lon":111.5172},
                 "mapUrl":"https://www.openstreetmap.org/?mlat=-7.6291&mlon=111.5172",
                 "address":"Jl. Diponegoro 5","description":"Genangan setinggi lutut","reporterFirstName":"Budi",
                 "reportedAt":"2025-03-04T01:50:00Z",
                 "due":{"dispatch":"2025-03-04T01:52:00Z","acknowledge":"2025-03-04T02:00:00Z","resolve":"2025-03-04T07:50:00Z"}}]}"""));
        assertThat(response.body()).doesNotContain("+6281234567001", "Santoso");
        assertThat(json(getAs(DemoUsers.crewLead("bpbd-1"), "/api/crews/me/jobs")).get("jobs")).isEmpty();

        assertThat(postAs(DemoUsers.crewLead("bpbd-2"), "/api/jobs/" + id + "/ack", "{}").statusCode()).isEqualTo(200);
        assertThat(postAs(DemoUsers.crewLead("bpbd-2"), "/api/jobs/" + id + "/resolve", "{\"note\":\"Air sudah surut\"}").statusCode()).isEqualTo(200);
        assertThat(json(getAs(DemoUsers.crewLead("bpbd-2"), "/api/crews/me/jobs")).get("jobs")).isEmpty();
    }

    @Test
    void aRollCallNamesTheMembersPresentAndStrangersAreRejectedNamingEach() throws Exception {
        HttpResponse<String> strangers = postAs(DemoUsers.crewLead("dishub-2"), "/api/crews/me/shift",
                "{\"action\":\"start\",\"membersPresent\":[\"dishub-2-a\",\"dlh-1-a\",\"dishub-2-a\",7]}");
        assertThat(strangers.statusCode()).isEqualTo(400);
        assertThat(json(strangers).get("errors")).isEqualTo(json("""
                [{"pointer":"/membersPresent/3","message":"must be a member id"}]"""));
        HttpResponse<String> others = postAs(DemoUsers.crewLead("dishub-2"), "/api/crews/me/shift",
                "{\"action\":\"start\",\"membersPresent\":[\"dishub-2-a\",\"dlh-1-a\",\"dishub-2-a\"]}");
        assertThat(json(others).get("errors")).isEqualTo(json("""
                [{"pointer":"/membersPresent/1","message":"is not a member of crew dishub-2"},
                 {"pointer":"/membersPresent/2","message":"is named twice"}]"""));
        assertThat(eventsFor(Topics.CREWS, "dishub-2")).isEmpty();

        HttpResponse<String> started = postAs(DemoUsers.crewLead("dishub-2"), "/api/crews/me/shift",
                "{\"action\":\"start\",\"membersPresent\":[\"dishub-2-a\",\"dishub-2-c\"]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started).get("membersPresent")).isEqualTo(json("[\"dishub-2-a\",\"dishub-2-c\"]"));
        assertThat(eventsFor(Topics.CREWS, "dishub-2")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("shift.started");
            assertThat(e.schemaVersion()).isEqualTo(2);
            assertThat(e.data()).isEqualTo(new ShiftStarted("dishub-2", "DISHUB", new GeoPoint(-7.612, 111.508),
                    List.of("dishub-2-a", "dishub-2-c")));
        });
    }

    @Test
    void attendanceCountsRosteredStartedOnTimeAndMembersPerDepartmentAndLocalDay() throws Exception {
        try {
            CLOCK.set(Instant.parse("2025-03-04T00:20:00Z"));
            assertThat(postAs(DemoUsers.crewLead("damkar-1"), "/api/crews/me/shift", "{\"action\":\"start\",\"membersPresent\":[\"damkar-1-a\",\"damkar-1-b\",\"damkar-1-c\"]}")
                    .statusCode()).isEqualTo(200);
            CLOCK.set(Instant.parse("2025-03-04T01:05:00Z"));
            assertThat(postAs(DemoUsers.crewLead("damkar-2"), "/api/crews/me/shift", "{\"action\":\"start\",\"membersPresent\":[\"damkar-2-a\",\"damkar-2-b\"]}")
                    .statusCode()).isEqualTo(200);
        } finally {
            CLOCK.set(NOW);
        }

        HttpResponse<String> response = get("/api/attendance?date=2025-03-04&department=DAMKAR");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(json("""
                {"jurisdiction":"madiun","department":"DAMKAR","date":"2025-03-04","shiftStartDue":"07:30:00",
                 "crewsRostered":3,"crewsStarted":2,"crewsOnTime":1,"membersRostered":9,"membersPresent":5,"crews":[
                  {"crewId":"damkar-1","name":"Pos Damkar Kota","started":true,"firstStartedAt":"2025-03-04T00:20:00Z",
                   "onTime":true,"membersRostered":3,"membersPresent":["damkar-1-a","damkar-1-b","damkar-1-c"]},
                  {"crewId":"damkar-2","name":"Pos Damkar Taman","started":true,"firstStartedAt":"2025-03-04T01:05:00Z",
                   "onTime":false,"membersRostered":3,"membersPresent":["damkar-2-a","damkar-2-b"]},
                  {"crewId":"damkar-3","name":"Pos Damkar Manguharjo","started":false,"firstStartedAt":null,
                   "onTime":null,"membersRostered":3,"membersPresent":[]}]}"""));
        assertThat(json(get("/api/attendance?date=2025-03-03&department=DAMKAR")).get("crewsStarted").asInt()).isZero();

        HttpResponse<String> bad = get("/api/attendance?date=04-03-2025&department=PLN");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors")).extracting(e -> e.get("pointer").asText()).containsExactly("/department", "/date");
        assertThat(json(get("/api/attendance?date=2025-03-04")).get("errors").get(0).get("pointer").asText()).isEqualTo("/department");
    }

    @Test
    void locationReportsAreWrittenOnlyOnShiftAndAtMostOncePerTenSecondsPerCrew() throws Exception {
        String report = "{\"lat\":-7.6301,\"lon\":111.5172,\"accuracyMetres\":8.5,\"deviceTime\":\"" + NOW.minusSeconds(3) + "\"}";
        HttpResponse<String> offShift = postAs(DemoUsers.crewLead("dishub-3"), "/api/crews/me/location", report);
        assertThat(offShift.statusCode()).isEqualTo(409);
        assertThat(json(offShift).get("currentState").asText()).isEqualTo("off-shift");

        assertThat(postAs(DemoUsers.crewLead("dishub-3"), "/api/crews/me/shift", "{\"action\":\"start\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> badReport = postAs(DemoUsers.crewLead("dishub-3"), "/api/crews/me/location", "{\"lat\":-97,\"lon\":111.5}");
        assertThat(badReport.statusCode()).isEqualTo(400);
        assertThat(json(badReport).get("errors")).extracting(e -> e.get("pointer").asText()).containsExactly("/lat", "/accuracyMetres");

        try {
            HttpResponse<String> first = postAs(DemoUsers.crewLead("dishub-3"), "/api/crews/me/location", report);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(json(first)).isEqualTo(json("""
                    {"crewId":"dishub-3","written":true,"nextWrittenFrom":"2025-03-04T02:00:10Z"}"""));
            CLOCK.advance(Duration.ofSeconds(9));
            HttpResponse<String> tooSoon = postAs(DemoUsers.crewLead("dishub-3"), "/api/crews/me/location", report);
            assertThat(tooSoon.statusCode()).isEqualTo(202);
            assertThat(json(tooSoon)).isEqualTo(json("""
                    {"crewId":"dishub-3","written":false,"nextWrittenFrom":"2025-03-04T02:00:10Z"}"""));
            CLOCK.advance(Duration.ofSeconds(1));
            assertThat(postAs(DemoUsers.crewLead("dishub-3"), "/api/crews/me/location", report).statusCode()).isEqualTo(200);
        } finally {
            CLOCK.set(NOW);
        }

        List<Event<CrewEvent>> locations = eventsFor(Topics.CREWS, "dishub-3").stream()
                .filter(e -> e.data() instanceof CrewLocationReported).toList();
        assertThat(locations).extracting(Event::data).containsExactly(
                new CrewLocationReported("dishub-3", "DISHUB", new GeoPoint(-7.6301, 111.5172), 8.5, NOW),
                new CrewLocationReported("dishub-3", "DISHUB", new GeoPoint(-7.6301, 111.5172), 8.5, NOW.plusSeconds(10)));
        assertThat(locations).extracting(Event::occurredAt).containsOnly(NOW.minusSeconds(3));
    }

    private static String bodyFor(String action) {
        return switch (action) {
            case "resolve" -> "{\"note\":\"Selesai\",\"photoUrl\":\"https://foto.example/a.jpg\"}";
            case "decline" -> "{\"reason\":\"lacking-equipment\"}";
            case "cannot-fix" -> "{\"neededDepartment\":\"PUPR\",\"reason\":\"perlu alat berat\"}";
            default -> "{}";
        };
    }

    private static <P extends EventPayload> void send(EventTopic<P> topic, String key, Event<? extends P> event) throws Exception {
        dispatcher.send(new ProducerRecord<>(topic.name(), key, topic.encode(event))).get();
    }

    /** Writes a ComplaintDispatched as the dispatcher would, and waits until field-crew knows the job. */
    private static Event<ComplaintDispatched> dispatch(String complaintId, String crewId) throws Exception {
        Event<ComplaintDispatched> event = Event.of(
                new ComplaintDispatched(crewId, "DLH", 850.0, 0, "nearest free tree-clearing crew"),
                "madiun", complaintId, Actor.system("dispatcher"), "corr-" + complaintId, NOW.minusSeconds(45));
        dispatcher.send(new ProducerRecord<>(Topics.DISPATCH.name(), complaintId, Topics.DISPATCH.encode(event))).get();
        Await.until("job " + complaintId + " in the view", TIMEOUT, () -> get("/api/jobs/" + complaintId).statusCode() == 200);
        return event;
    }

    private static <P extends EventPayload> List<Event<P>> eventsFor(EventTopic<P> topic, String key) throws InvalidEventException {
        int total = (int) recordsOn(topic.name());
        List<Event<P>> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(kafka.bootstrapServers(), topic.name(), total, TIMEOUT)) {
            if (key.equals(record.key())) {
                events.add(topic.decode(record.value()));
            }
        }
        return events;
    }

    /** Every record ever written to the topic (no transactions write to it, so end offsets count records). */
    private static long recordsOn(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** As {@code user} (a crew's lead for the crew's own routes and its jobs: the crew is the session's). */
    private static HttpResponse<String> postAs(String user, String path, String body) throws Exception {
        return http.send(users.as(user, request(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the demo manager, who reads every job and the attendance of Madiun. */
    private static HttpResponse<String> get(String path) {
        return getAs(DemoUsers.MANAGER, path);
    }

    private static HttpResponse<String> getAs(String user, String path) {
        try {
            return http.send(users.as(user, request(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
