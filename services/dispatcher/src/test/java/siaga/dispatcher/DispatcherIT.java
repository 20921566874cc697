package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.Candidate;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.board.CrewOnBoard;
import siaga.dispatcher.board.DispatchBoard;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/** The dispatcher against the real broker: a complaint dispatched with its evidence, then explained over HTTP. */
class DispatcherIT {
    static TestKafka kafka;
    static SiagaConfig config;
    static DispatcherService service;
    static ServiceHost host;
    static URI base;
    static DemoUsers users;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        config = kafka.config();
        service = new DispatcherService(config, ReferenceCatalog.demo(), Clock.systemUTC());
        host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(), List.of(service));
        base = URI.create("http://127.0.0.1:" + host.start(0));
        users = new DemoUsers(base);
        Await.until("dispatcher ready", Duration.ofSeconds(60), () -> service.health().ready());
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        kafka.close();
    }

    @Test
    void dispatchesAComplaintToTheCrewOnShiftThroughTheBrokerAndExplainsWhy() throws Exception {
        GeoPoint depot = new GeoPoint(-7.6100, 111.5230);
        Instant now = Instant.now();
        String complaintId = UUID.randomUUID().toString();
        Event<ShiftStarted> shift = Event.of(new ShiftStarted("dlh-1", "DLH", depot), "madiun", "dlh-1",
                new Actor(ActorRole.CREW, "dlh-1"), "shift-dlh-1", now.minusSeconds(60));
        Event<ComplaintReported> tree = Event.of(new ComplaintReported("MDN-2026-000001", "fallen-tree", "DLH", 2,
                        new GeoPoint(-7.6120, 111.5230), "Jl. Pahlawan", "Pohon tumbang menutup jalan",
                        new Reporter("Sri", "081234567890")),
                "madiun", complaintId, new Actor(ActorRole.OPERATOR, "op-1"), "corr-it-1", now);

        try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(config, "dispatcher-it"))) {
            producer.send(new ProducerRecord<>(Topics.CREWS.name(), "dlh-1", EventCodec.encode(shift))).get();
            // the shift and the complaint come from different topics: wait until the board has the crew, so the
            // complaint is dispatched at once rather than queued first
            Await.until("dlh-1 on shift on the DLH board", Duration.ofSeconds(30), () -> {
                ReadOnlyKeyValueStore<String, CrewOnBoard> crews = service.client().store(
                        StoreQueryParameters.fromNameAndType(DispatchBoard.CREWS_STORE, QueryableStoreTypes.keyValueStore()));
                CrewOnBoard crew = crews.get("madiun/DLH/dlh-1");
                return crew != null && crew.onShift();
            });
            producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), complaintId, EventCodec.encode(tree))).get();
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), Topics.DISPATCH.name(), 1, Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(complaintId);
        Event<DispatchEvent> dispatched = Topics.DISPATCH.decode(records.get(0).value());
        ComplaintDispatched decision = (ComplaintDispatched) dispatched.data();
        assertThat(decision).usingRecursiveComparison().ignoringFields("candidates").isEqualTo(new ComplaintDispatched("dlh-1", "DLH",
                222, 0, "only crew able to take it of 3 DLH crews with tree-clearing (222 m away, 0 open jobs)", List.of(), DispatchRules.RULE_VERSION));
        assertThat(decision.candidates()).extracting(Candidate::crewId, Candidate::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dlh-1", "available"),
                org.assertj.core.groups.Tuple.tuple("dlh-3", "off-shift"),
                org.assertj.core.groups.Tuple.tuple("dlh-2", "off-shift"));
        assertThat(dispatched.correlationId()).isEqualTo("corr-it-1");
        assertThat(dispatched.actor()).isEqualTo(Actor.system("dispatcher"));

        JsonNode explained = Await.until("the explanation of " + complaintId, Duration.ofSeconds(30), () -> {
            HttpResponse<String> response = get("/api/dispatch/" + complaintId + "/explain");
            return response.statusCode() == 200 ? read(response.body()) : null;
        });
        assertThat(explained.get("status").asText()).isEqualTo("dispatched");
        assertThat(explained.get("crewId").asText()).isEqualTo("dlh-1");
        assertThat(explained.get("reporters").asInt()).isEqualTo(1);
        assertThat(explained.at("/decision/eventId").asText()).isEqualTo(dispatched.eventId().toString());
        assertThat(explained.at("/decision/reason").asText()).isEqualTo(decision.reason());
        assertThat(explained.at("/decision/ruleVersion").asText()).isEqualTo(DispatchRules.RULE_VERSION);
        assertThat(explained.at("/decision/candidates")).hasSize(3);
        assertThat(explained.toString()).doesNotContain("081234567890").doesNotContain("Sri");

        HttpResponse<String> unknown = get("/api/dispatch/" + UUID.randomUUID() + "/explain");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(read(unknown.body()).get("status").asInt()).isEqualTo(404);
        HttpResponse<String> notUuid = get("/api/dispatch/c-1/explain");
        assertThat(notUuid.statusCode()).isEqualTo(400);
        assertThat(read(notUuid.body()).get("detail").asText()).contains("UUID");

        assertThat(get(DemoUsers.INSPECTOR, "/api/dispatch/" + complaintId + "/explain").statusCode()).isEqualTo(200);
        HttpResponse<String> otherCity = get(DemoUsers.BANJARBARU_MANAGER, "/api/dispatch/" + complaintId + "/explain");
        assertThat(otherCity.statusCode()).isEqualTo(403);
        assertThat(otherCity.body()).doesNotContain("dlh-1");
        HttpResponse<String> crew = get(DemoUsers.crewLead("dlh-1"), "/api/dispatch/" + complaintId + "/explain");
        assertThat(crew.statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(base.resolve("/api/dispatch/" + complaintId + "/explain")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** As the demo operator of Madiun. */
    private static HttpResponse<String> get(String path) {
        return get(DemoUsers.OPERATOR, path);
    }

    private static HttpResponse<String> get(String user, String path) {
        return send(users.as(user, HttpRequest.newBuilder(base.resolve(path))));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
