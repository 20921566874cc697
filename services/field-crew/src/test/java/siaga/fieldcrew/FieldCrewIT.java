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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.GeoPoint;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
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
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/** Field-crew against a real broker, through its HTTP API, the way a crew's app and the dispatcher use it. */
class FieldCrewIT {
    private static final Instant NOW = Instant.parse("2025-03-04T02:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ReferenceCatalog REFERENCE = ReferenceCatalog.demo();

    private static TestKafka kafka;
    private static ServiceHost host;
    private static KafkaProducer<String, byte[]> dispatcher;
    private static URI base;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        SiagaConfig config = kafka.config();
        host = new ServiceHost(List.of(new FieldCrewService(config, REFERENCE, Clock.fixed(NOW, ZoneOffset.UTC))));
        base = URI.create("http://localhost:" + host.start(0));
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
        HttpResponse<String> started = post("/api/crews/dlh-2/shift", "{\"action\":\"start\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started)).isEqualTo(json("""
                {"crewId":"dlh-2","onShift":true,"jurisdiction":"madiun","department":"DLH",
                 "location":{"lat":-7.65,"lon":111.52},"since":"2025-03-04T02:00:00Z"}"""));
        List<Event<CrewEvent>> events = eventsFor(Topics.CREWS, "dlh-2");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).usingRecursiveComparison().ignoringFields("eventId", "correlationId")
                .isEqualTo(Event.of(new ShiftStarted("dlh-2", "DLH", new GeoPoint(-7.65, 111.52)), "madiun", "dlh-2",
                        new Actor(ActorRole.CREW, "dlh-2"), "-", NOW));
        assertThat(UUID.fromString(events.get(0).correlationId())).isNotNull();
        assertThat(json(get("/api/crews/dlh-2/shift")).get("onShift").asBoolean()).isTrue();
    }

    @Test
    void startingAShiftAtAGivenLocationWritesThatLocation() throws Exception {
        HttpResponse<String> started = post("/api/crews/bpbd-1/shift",
                "{\"action\":\"start\",\"location\":{\"lat\":-7.6301,\"lon\":111.5172}}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json(started).get("location")).isEqualTo(json("{\"lat\":-7.6301,\"lon\":111.5172}"));
        assertThat(eventsFor(Topics.CREWS, "bpbd-1")).singleElement()
                .extracting(Event::data).isEqualTo(new ShiftStarted("bpbd-1", "BPBD", new GeoPoint(-7.6301, 111.5172)));
    }

    @Test
    void endingAShiftAndStartingAgainWorks() throws Exception {
        assertThat(post("/api/crews/dlh-3/shift", "{\"action\":\"start\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> ended = post("/api/crews/dlh-3/shift", "{\"action\":\"end\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended)).isEqualTo(json("""
                {"crewId":"dlh-3","onShift":false,"jurisdiction":"madiun","department":"DLH",
                 "location":null,"since":"2025-03-04T02:00:00Z"}"""));

        HttpResponse<String> again = post("/api/crews/dlh-3/shift", "{\"action\":\"start\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("onShift").asBoolean()).isTrue();
        GeoPoint depot = new GeoPoint(-7.63, 111.545);
        assertThat(eventsFor(Topics.CREWS, "dlh-3")).extracting(Event::data).containsExactly(
                new ShiftStarted("dlh-3", "DLH", depot), new ShiftEnded("dlh-3", "DLH"), new ShiftStarted("dlh-3", "DLH", depot));
    }

    @Test
    void endingWhenOffShiftOrStartingWhenOnShiftIsAConflictNamingTheCurrentState() throws Exception {
        HttpResponse<String> endOff = post("/api/crews/pupr-1/shift", "{\"action\":\"end\"}");
        assertThat(endOff.statusCode()).isEqualTo(409);
        assertThat(endOff.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(endOff)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/illegal-transition","title":"Illegal transition","status":409,
                 "detail":"crew pupr-1 is not on shift","errors":[],
                 "currentState":"off-shift","allowedNextStates":["on-shift"]}"""));

        assertThat(post("/api/crews/pupr-1/shift", "{\"action\":\"start\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> startOn = post("/api/crews/pupr-1/shift", "{\"action\":\"start\"}");
        assertThat(startOn.statusCode()).isEqualTo(409);
        assertThat(json(startOn).get("currentState").asText()).isEqualTo("on-shift");
        assertThat(json(startOn).get("allowedNextStates")).isEqualTo(json("[\"off-shift\"]"));

        assertThat(eventsFor(Topics.CREWS, "pupr-1")).extracting(Event::data)
                .containsExactly(new ShiftStarted("pupr-1", "PUPR", new GeoPoint(-7.633, 111.53)));
    }

    @Test
    void anUnknownCrewIsNotFound() throws Exception {
        HttpResponse<String> response = post("/api/crews/nobody-9/shift", "{\"action\":\"start\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("detail").asText()).isEqualTo("no crew nobody-9 is configured");
        assertThat(eventsFor(Topics.CREWS, "nobody-9")).isEmpty();
    }

    @Test
    void badShiftRequestsAreRejectedNamingTheFieldAndWriteNothing() throws Exception {
        long before = recordsOn(Topics.CREWS.name());

        HttpResponse<String> badAction = post("/api/crews/dishub-1/shift", "{\"action\":\"begin\"}");
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(json(badAction).get("errors")).isEqualTo(json("""
                [{"pointer":"/action","message":"must be \\"start\\" or \\"end\\""}]"""));

        HttpResponse<String> noLat = post("/api/crews/dishub-1/shift", "{\"action\":\"start\",\"location\":{\"lon\":111.5}}");
        assertThat(noLat.statusCode()).isEqualTo(400);
        assertThat(json(noLat).get("errors")).isEqualTo(json("""
                [{"pointer":"/location/lat","message":"is required and must be a number"}]"""));

        HttpResponse<String> outside = post("/api/crews/dishub-1/shift",
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

        HttpResponse<String> ack = post("/api/jobs/" + id + "/ack", "{\"crewId\":\"dlh-1\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(json(ack)).isEqualTo(json("{\"complaintId\":\"" + id + "\",\"crewId\":\"dlh-1\",\"status\":\"acknowledged\"}"));

        HttpResponse<String> resolve = post("/api/jobs/" + id + "/resolve",
                "{\"crewId\":\"dlh-1\",\"note\":\"Pohon tumbang sudah dipotong dan jalan dibuka kembali\"}");
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
        assertThat(json(resolve)).isEqualTo(json("{\"complaintId\":\"" + id + "\",\"crewId\":\"dlh-1\",\"status\":\"resolved\"}"));

        List<Event<FieldEvent>> events = eventsFor(Topics.FIELD, id);
        assertThat(events).hasSize(2);
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

        HttpResponse<String> response = post("/api/jobs/" + id + "/ack", "{\"crewId\":\"dlh-2\"}");

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

        HttpResponse<String> response = post("/api/jobs/" + id + "/resolve", "{\"crewId\":\"dlh-1\",\"note\":\"selesai\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/illegal-transition","title":"Illegal transition","status":409,
                 "detail":"complaint c-it-resolve-first is dispatched and cannot become resolved; it can become: acknowledged",
                 "errors":[],"currentState":"dispatched","allowedNextStates":["acknowledged"]}"""));
        assertThat(eventsFor(Topics.FIELD, id)).isEmpty();
    }

    @Test
    void acknowledgingTwiceIsAConflict() throws Exception {
        String id = "c-it-ack-twice";
        dispatch(id, "dlh-1");
        assertThat(post("/api/jobs/" + id + "/ack", "{\"crewId\":\"dlh-1\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> again = post("/api/jobs/" + id + "/ack", "{\"crewId\":\"dlh-1\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("currentState").asText()).isEqualTo("acknowledged");
        assertThat(json(again).get("allowedNextStates")).isEqualTo(json("[\"resolved\"]"));
        assertThat(eventsFor(Topics.FIELD, id)).extracting(Event::data).containsExactly(new JobAcknowledged("dlh-1", NOW));
    }

    @Test
    void concurrentAcknowledgementsOfOneJobLetExactlyOneThrough() throws Exception {
        String id = "c-it-concurrent";
        dispatch(id, "dlh-1");

        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(http.sendAsync(request("/api/jobs/" + id + "/ack")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"crewId\":\"dlh-1\"}")).build(), HttpResponse.BodyHandlers.ofString()));
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
        HttpResponse<String> response = post("/api/jobs/c-it-never-dispatched/ack", "{\"crewId\":\"dlh-1\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("detail").asText()).isEqualTo("no job is known for complaint c-it-never-dispatched");
        assertThat(eventsFor(Topics.FIELD, "c-it-never-dispatched")).isEmpty();
    }

    @Test
    void malformedJsonOrAMissingNoteIsRejectedNamingTheFieldAndWritesNothing() throws Exception {
        String id = "c-it-bad-body";
        dispatch(id, "dlh-1");
        assertThat(post("/api/jobs/" + id + "/ack", "{\"crewId\":\"dlh-1\"}").statusCode()).isEqualTo(200);
        long before = recordsOn(Topics.FIELD.name());

        HttpResponse<String> malformed = post("/api/jobs/" + id + "/resolve", "{\"crewId\":\"dlh-1\",");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("errors").get(0).get("pointer").asText()).isEmpty();
        assertThat(json(malformed).get("detail").asText()).startsWith("the request body is not valid JSON");

        HttpResponse<String> noNote = post("/api/jobs/" + id + "/resolve", "{\"crewId\":\"dlh-1\"}");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(json(noNote)).isEqualTo(json("""
                {"type":"https://siaga.example/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"/note is required","errors":[{"pointer":"/note","message":"is required"}]}"""));

        HttpResponse<String> blankNoteUnknownField = post("/api/jobs/" + id + "/resolve",
                "{\"crewId\":\"dlh-1\",\"note\":\"  \",\"photo\":\"x.jpg\"}");
        assertThat(blankNoteUnknownField.statusCode()).isEqualTo(400);
        assertThat(json(blankNoteUnknownField).get("errors")).isEqualTo(json("""
                [{"pointer":"/photo","message":"unknown field 'photo'"},{"pointer":"/note","message":"must not be blank"}]"""));

        assertThat(recordsOn(Topics.FIELD.name())).isEqualTo(before);
        assertThat(json(get("/api/jobs/" + id)).get("status").asText()).isEqualTo("acknowledged");
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

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
