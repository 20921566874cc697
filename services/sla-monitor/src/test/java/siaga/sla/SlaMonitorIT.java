package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.sla.Complaints.aFallenTree;
import static siaga.sla.Complaints.acknowledged;
import static siaga.sla.Complaints.dispatched;
import static siaga.sla.Complaints.resolved;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/** The SLA monitor against a real broker, exactly-once, with its summary served over HTTP. */
class SlaMonitorIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestKafka kafka;
    private static SiagaConfig config;
    private static ServiceHost host;
    private static int port;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        config = kafka.config();
        host = new ServiceHost(List.of(new SlaMonitorService(config, ReferenceCatalog.demo(), Clock.systemUTC())));
        port = host.start(0);
        Await.until("the SLA monitor to be ready", Duration.ofSeconds(60), host::ready);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void measuresEveryStageOfAComplaintAndSummarisesTheLastHour() throws Exception {
        Instant reportedAt = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
        var tree = aFallenTree("C-IT-1", reportedAt);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "sla-monitor-it"))) {
            send(producer, Topics.COMPLAINTS, tree);
            send(producer, Topics.DISPATCH, dispatched(tree, reportedAt.plusSeconds(60)));
            send(producer, Topics.FIELD, acknowledged(tree, reportedAt.plusSeconds(120)));
            send(producer, Topics.FIELD, resolved(tree, reportedAt.plusSeconds(150)));
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka.bootstrapServers(), Topics.SLA.name(), 3,
                Duration.ofSeconds(60));
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("C-IT-1", "C-IT-1", "C-IT-1");
        assertThat(records).extracting(r -> decode(Topics.SLA, r.value()).data()).containsExactly(
                new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(60), 60_000, 300_000, true),
                new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(120), 120_000, 900_000, true),
                new StageMet(SlaStage.RESOLVE, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(150), 150_000, 14_400_000, true));

        JsonNode summary = Await.until("the summary to count the complaint", Duration.ofSeconds(30), () -> {
            HttpResponse<String> response = get("/api/sla/summary?window=1h");
            JsonNode body = json(response.body());
            return response.statusCode() == 200 && body.path("categories").size() == 1 ? body : null;
        });
        assertThat(summary.get("window").asText()).isEqualTo("1h");
        Instant from = Instant.parse(summary.get("from").asText());
        Instant to = Instant.parse(summary.get("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(1));
        assertThat(summary.get("categories")).isEqualTo(json("""
                [{"jurisdiction": "madiun", "category": "fallen-tree", "stages": {
                  "dispatch":    {"count": 1, "p50Millis": 60000,  "p90Millis": 60000,  "p99Millis": 60000,  "withinTargetPercent": 100.0},
                  "acknowledge": {"count": 1, "p50Millis": 120000, "p90Millis": 120000, "p99Millis": 120000, "withinTargetPercent": 100.0},
                  "resolve":     {"count": 1, "p50Millis": 150000, "p90Millis": 150000, "p99Millis": 150000, "withinTargetPercent": 100.0}}}]
                """));
    }

    @Test
    void aWindowOtherThanAnHourOrADayIsABadRequestNamingIt() {
        HttpResponse<String> response = get("/api/sla/summary?window=2h");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors")).isEqualTo(json("""
                [{"pointer": "window", "message": "window must be one of 1h, 24h"}]
                """));
    }

    /** Writes synchronously with the event's own time as the record time, as the real writers would. */
    private static <P extends EventPayload> void send(KafkaProducer<String, byte[]> producer, EventTopic<P> topic,
                                                      Event<? extends P> event) throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(topic.name(), null, event.occurredAt().toEpochMilli(), event.subjectId(),
                topic.encode(event))).get();
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Event<SlaEvent> decode(EventTopic<SlaEvent> topic, byte[] value) {
        try {
            return topic.decode(value);
        } catch (InvalidEventException e) {
            throw new AssertionError("the monitor wrote an invalid event: " + e.getMessage(), e);
        }
    }
}
