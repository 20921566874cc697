package siaga.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.intake.view.ComplaintStatus;
import siaga.intake.view.ComplaintView;
import siaga.runtime.ServiceHost;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

class IntakeIT {
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    static TestKafka kafka;
    static TestDatabase db;
    static ServiceHost host;
    static Admin admin;
    static HttpClient http;
    static URI base;

    @BeforeAll
    static void startIntake() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        admin = Admin.create(KafkaSettings.admin(kafka.config()));
        host = new ServiceHost(List.of(new IntakeService(db.applyTo(kafka.config()), ReferenceCatalog.demo(), Clock.systemUTC())));
        base = URI.create("http://localhost:" + host.start(0));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Await.until("intake ready", Duration.ofSeconds(60), host::ready);
    }

    @AfterAll
    static void stopIntake() {
        if (host != null) {
            host.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void recordsAComplaintOnceTheBrokerHasItAndThenShowsItToTheOperator() throws Exception {
        HttpResponse<String> response = post(aStreetLightOut(f -> { }).toString(), "call-7781");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode receipt = Json.MAPPER.readTree(response.body());
        String id = receipt.get("complaintId").asText();
        String ticket = receipt.get("ticket").asText();
        Instant reportedAt = Instant.parse(receipt.get("reportedAt").asText());
        assertThat(Json.MAPPER.readTree(response.body())).isEqualTo(Json.MAPPER.createObjectNode()
                .put("complaintId", id).put("ticket", ticket).put("status", "reported").put("reportedAt", reportedAt.toString()));
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(ticket).matches("MDN-" + reportedAt.atZone(WIB).getYear() + "-\\d{6}");
        assertThat(reportedAt).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/complaints/" + id);
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("call-7781");

        ComplaintReported expected = new ComplaintReported(ticket, "street-light-out", "DISHUB", 3,
                new GeoPoint(-7.6298, 111.5239), "Jl. Pahlawan 12, Kartoharjo", "Lampu jalan mati sejak semalam",
                new Reporter("Sri Wahyuni", "+62 812-3456-7890"));
        List<ConsumerRecord<String, byte[]>> records = complaintRecords().stream().filter(r -> r.key().equals(id)).toList();
        assertThat(records).hasSize(1);
        Event<ComplaintEvent> event = Topics.COMPLAINTS.decode(records.get(0).value());
        assertThat(event).isEqualTo(new Event<>(event.eventId(), "complaint.reported", 2, reportedAt, "madiun", id,
                new Actor(ActorRole.OPERATOR, "operator"), "call-7781", expected));

        HttpResponse<String> found = Await.until("complaint " + id + " in the view", Duration.ofSeconds(30),
                () -> {
                    HttpResponse<String> r = get("/api/complaints/" + id);
                    return r.statusCode() == 200 ? r : null;
                });
        assertThat(found.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Json.MAPPER.readValue(found.body(), ComplaintView.class)).isEqualTo(new ComplaintView(id, ticket,
                "madiun", "street-light-out", "DISHUB", 3, new GeoPoint(-7.6298, 111.5239), "Jl. Pahlawan 12, Kartoharjo",
                "Lampu jalan mati sejak semalam", new Reporter("Sri Wahyuni", "+62 812-3456-7890"),
                ComplaintStatus.REPORTED, null, reportedAt, reportedAt));
        assertThat(Json.MAPPER.readTree(found.body()).has("crewId")).isFalse();
    }

    @Test
    void namesTheOperatorFromTheActorHeaderAndMakesACorrelationIdWhenNoneIsGiven() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/complaints"))
                .header("X-Siaga-Actor", "op-sri")
                .POST(HttpRequest.BodyPublishers.ofString(aStreetLightOut(f -> { }).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        String id = Json.MAPPER.readTree(response.body()).get("complaintId").asText();
        String correlationId = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        Event<ComplaintEvent> event = Topics.COMPLAINTS.decode(complaintRecords().stream()
                .filter(r -> r.key().equals(id)).findFirst().orElseThrow().value());
        assertThat(event.actor()).isEqualTo(new Actor(ActorRole.OPERATOR, "op-sri"));
        assertThat(event.correlationId()).isEqualTo(correlationId).matches("[0-9a-f-]{36}");
    }

    @Test
    void numbersConsecutiveComplaintsConsecutively() throws Exception {
        String first = ticketOf(post(aStreetLightOut(f -> { }).toString(), "call-1"));
        String second = ticketOf(post(aStreetLightOut(f -> f.put("category", "pothole")).toString(), "call-2"));

        assertThat(second).isNotEqualTo(first);
        assertThat(second.substring(0, 9)).isEqualTo(first.substring(0, 9));
        assertThat(Long.parseLong(second.substring(9))).isEqualTo(Long.parseLong(first.substring(9)) + 1);
    }

    static Stream<Arguments> badComplaints() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"category\": \"flood\",", List.of("")),
                Arguments.of("unknown category", body(f -> f.put("category", "volcano")), List.of("/category")),
                Arguments.of("latitude out of range", body(f -> f.put("lat", 95.0)), List.of("/lat")),
                Arguments.of("a point in Surabaya, outside Madiun", body(f -> f.put("lat", -7.2575).put("lon", 112.7521)),
                        List.of("/lat", "/lon")),
                Arguments.of("missing reporter phone", body(f -> f.withObjectProperty("reporter").remove("phone")),
                        List.of("/reporter/phone")),
                Arguments.of("oversized description", body(f -> f.put("description", "x".repeat(2001))),
                        List.of("/description")),
                Arguments.of("unknown field", body(f -> f.put("priority", 1)), List.of("/priority")),
                Arguments.of("several bad fields at once", body(f -> {
                    f.put("lat", "-7.63");
                    f.put("address", " ");
                    f.withObjectProperty("reporter").put("phone", "ask at the warung");
                }), List.of("/lat", "/address", "/reporter/phone")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badComplaints")
    void refusesABadComplaintNamingEachBadFieldAndWritesNothing(String what, String body, List<String> pointers) throws Exception {
        long before = recordsOnComplaints();

        HttpResponse<String> response = post(body, "call-bad");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).isEqualTo("https://siaga.example/problems/invalid-request");
        List<String> named = new ArrayList<>();
        problem.get("errors").forEach(e -> named.add(e.get("pointer").asText()));
        assertThat(named).containsExactlyInAnyOrderElementsOf(pointers);
        assertThat(complaintRecords()).hasSize((int) before);
    }

    @Test
    void refusesABodyOver64KiBWithoutWritingAnything() throws Exception {
        long before = recordsOnComplaints();

        HttpResponse<String> response = post(body(f -> f.put("description", "x".repeat(70_000))), "call-big");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.MAPPER.readTree(response.body()).get("status").asInt()).isEqualTo(413);
        assertThat(complaintRecords()).hasSize((int) before);
    }

    @Test
    void answers404ForAnUnknownComplaintAnd400ForAnIdThatIsNotAUuid() throws Exception {
        HttpResponse<String> unknown = get("/api/complaints/0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.MAPPER.readTree(unknown.body()).get("detail").asText())
                .isEqualTo("no complaint 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a");

        HttpResponse<String> notAnId = get("/api/complaints/MDN-2026-000001");
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(notAnId.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void isReadyWhileTheViewRunsAndTheDatabaseAnswers() throws Exception {
        HttpResponse<String> ready = get("/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ready.body()).at("/services/intake")).isEqualTo(Json.MAPPER.createObjectNode()
                .put("ready", true).put("detail", "intake-view streams RUNNING; database answered"));
    }

    private static String body(Consumer<ObjectNode> change) {
        return aStreetLightOut(change).toString();
    }

    private static ObjectNode aStreetLightOut(Consumer<ObjectNode> change) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("category", "street-light-out")
                .put("lat", -7.6298)
                .put("lon", 111.5239)
                .put("address", "Jl. Pahlawan 12, Kartoharjo")
                .put("description", "Lampu jalan mati sejak semalam");
        body.putObject("reporter").put("name", "Sri Wahyuni").put("phone", "+62 812-3456-7890");
        change.accept(body);
        return body;
    }

    private static String ticketOf(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(201);
        return Json.MAPPER.readTree(response.body()).get("ticket").asText();
    }

    private static HttpResponse<String> post(String body, String correlationId) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/complaints"))
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every record on complaints, read from the start; one more poll makes an unexpected extra record show. */
    private static List<ConsumerRecord<String, byte[]>> complaintRecords() throws Exception {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.COMPLAINTS.name(), (int) recordsOnComplaints(),
                Duration.ofSeconds(15));
    }

    /** How many records complaints holds: the sum of its partitions' end offsets (intake writes no transactions). */
    private static long recordsOnComplaints() throws Exception {
        String topic = Topics.COMPLAINTS.name();
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }
}
