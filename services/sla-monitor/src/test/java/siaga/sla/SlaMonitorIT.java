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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import siaga.sla.calendar.WorkingTime;
import siaga.testing.Await;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;
import siaga.testing.DemoUsers;

/** The SLA monitor against a real broker, exactly-once, with its summary served over HTTP. */
class SlaMonitorIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestKafka kafka;
    private static SiagaConfig config;
    private static ServiceHost host;
    private static int port;
    private static DemoUsers users;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        config = kafka.config();
        host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(),
                List.of(new SlaMonitorService(config, ReferenceCatalog.demo(), Clock.systemUTC())));
        port = host.start(0);
        users = new DemoUsers(URI.create("http://localhost:" + port));
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

        List<ConsumerRecord<String, byte[]>> records = Await.until("the five stages of C-IT-1", Duration.ofSeconds(60), () -> {
            List<ConsumerRecord<String, byte[]>> mine = TopicReader.readAll(kafka.bootstrapServers(), Topics.SLA.name(), 1,
                    Duration.ofSeconds(5)).stream().filter(r -> r.key().equals("C-IT-1")).toList();
            return mine.size() >= 5 ? mine : null;
        });
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("C-IT-1").hasSize(5);
        // the administrative stages count working days of Madiun: on a weekend or holiday no time accrues
        WorkingTime workingDays = WorkingTime.administrative(ReferenceCatalog.demo().get("madiun").jurisdiction());
        long forwarded = workingDays.between(reportedAt, reportedAt.plusSeconds(60)).toMillis();
        long followedUp = workingDays.between(reportedAt, reportedAt.plusSeconds(150)).toMillis();
        assertThat(records).extracting(r -> decode(Topics.SLA, r.value()).data()).containsExactly(
                new StageMet(SlaStage.DISPATCH, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(60), 60_000, 300_000, true),
                new StageMet(SlaStage.FORWARD, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(60), forwarded,
                        Duration.ofDays(3).toMillis(), true),
                new StageMet(SlaStage.ACKNOWLEDGE, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(120), 120_000, 900_000, true),
                new StageMet(SlaStage.FOLLOW_UP, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(150), followedUp,
                        Duration.ofDays(5).toMillis(), true),
                new StageMet(SlaStage.RESOLVE, "fallen-tree", "DLH", reportedAt, reportedAt.plusSeconds(150), 150_000, 14_400_000, true));

        JsonNode summary = Await.until("the summary to count the complaint", Duration.ofSeconds(30), () -> {
            HttpResponse<String> response = get("/api/sla/summary?window=1h");
            JsonNode body = json(response.body());
            return response.statusCode() == 200 && fallenTree(body).path("stages").has("resolve") ? body : null;
        });
        assertThat(summary.get("window").asText()).isEqualTo("1h");
        Instant from = Instant.parse(summary.get("from").asText());
        Instant to = Instant.parse(summary.get("to").asText());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(1));
        assertThat(fallenTree(summary)).as("the other tests of this class measure other categories").isEqualTo(json("""
                {"jurisdiction": "madiun", "category": "fallen-tree", "stages": {
                  "dispatch":    {"count": 1, "p50Millis": 60000,  "p90Millis": 60000,  "p99Millis": 60000,  "withinTargetPercent": 100.0},
                  "acknowledge": {"count": 1, "p50Millis": 120000, "p90Millis": 120000, "p99Millis": 120000, "withinTargetPercent": 100.0},
                  "resolve":     {"count": 1, "p50Millis": 150000, "p90Millis": 150000, "p99Millis": 150000, "withinTargetPercent": 100.0},
                  "forward":     {"count": 1, "p50Millis": %d, "p90Millis": %d, "p99Millis": %d, "withinTargetPercent": 100.0},
                  "follow-up":   {"count": 1, "p50Millis": %d, "p90Millis": %d, "p99Millis": %d, "withinTargetPercent": 100.0}}}
                """.formatted(forwarded, forwarded, forwarded, followedUp, followedUp, followedUp)));

        // the figures of a city are its own staff's: Banjarbaru's manager sees none of Madiun's, a crew lead none at all
        HttpResponse<String> banjarbaru = HTTP.send(users.as(DemoUsers.BANJARBARU_MANAGER, HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/sla/summary?window=1h"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(banjarbaru.statusCode()).isEqualTo(200);
        assertThat(json(banjarbaru.body()).get("categories")).isEmpty();
        HttpResponse<String> crew = HTTP.send(users.as(DemoUsers.crewLead("dlh-1"), HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/sla/summary?window=1h"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crew.statusCode()).isEqualTo(403);
    }

    private static JsonNode fallenTree(JsonNode summary) {
        for (JsonNode category : summary.path("categories")) {
            if (category.path("category").asText().equals("fallen-tree")) {
                return category;
            }
        }
        return json("{}");
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

    @Test
    void servesEveryDimensionAsJsonAndAsPrometheusText() throws Exception {
        Instant reportedAt = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        var tree = Complaints.reportedIn("madiun", "taman", "C-IT-2", "flood", "BPBD", 1, reportedAt);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "sla-monitor-it"))) {
            send(producer, Topics.COMPLAINTS, tree);
            send(producer, Topics.DISPATCH, Complaints.dispatchedTo(tree, "bpbd-2", reportedAt.plusSeconds(30)));
        }

        JsonNode taman = Await.until("the kecamatan to be aggregated", Duration.ofSeconds(30), () -> {
            JsonNode body = json(get("/api/sla/dimensions/kecamatan?window=day").body());
            return body.path("values").size() == 1 && body.path("values").get(0).path("stages").has("dispatch")
                    ? body.path("values").get(0) : null;
        });
        assertThat(taman.get("dimension").asText()).isEqualTo("kecamatan");
        assertThat(taman.get("value").asText()).isEqualTo("taman");
        assertThat(taman.get("window").asText()).isEqualTo("day");
        assertThat(taman.get("backlog").asLong()).isEqualTo(1);
        assertThat(taman.get("oldestOpenReportedAt").asText()).isEqualTo(reportedAt.toString());
        long forwarded = WorkingTime.administrative(ReferenceCatalog.demo().get("madiun").jurisdiction())
                .between(reportedAt, reportedAt.plusSeconds(30)).toMillis();
        assertThat(taman.get("stages")).isEqualTo(json("""
                {"dispatch": {"count": 1, "compliancePercent": 100.0, "p50Millis": 30000, "p90Millis": 30000, "p99Millis": 30000, "breaches": 0},
                 "forward": {"count": 1, "compliancePercent": 100.0, "p50Millis": %d, "p90Millis": %d, "p99Millis": %d, "breaches": 0}}
                """.formatted(forwarded, forwarded, forwarded)));

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body().lines()).contains(
                "# TYPE siaga_sla_stage_count gauge",
                "siaga_sla_stage_count{jurisdiction=\"madiun\",kecamatan=\"taman\",stage=\"dispatch\",window=\"1h\"} 1",
                "siaga_sla_stage_count{jurisdiction=\"madiun\",kecamatan=\"taman\",stage=\"forward\",window=\"1h\"} 1",
                "siaga_sla_stage_compliance_ratio{jurisdiction=\"madiun\",crew=\"bpbd-2\",stage=\"dispatch\",window=\"30d\"} 1",
                "siaga_sla_stage_seconds{jurisdiction=\"madiun\",department=\"BPBD\",stage=\"dispatch\",window=\"7d\",quantile=\"0.99\"} 30",
                "siaga_sla_backlog{jurisdiction=\"madiun\",kecamatan=\"taman\"} 1");
    }

    @Test
    void anUnknownDimensionOrWindowIsABadRequestNamingIt() {
        HttpResponse<String> dimension = get("/api/sla/dimensions/district?window=day");
        HttpResponse<String> window = get("/api/sla/dimensions/crew?window=24h");

        assertThat(dimension.statusCode()).isEqualTo(400);
        assertThat(json(dimension.body()).get("errors")).isEqualTo(json("""
                [{"pointer": "dimension", "message": "dimension must be one of jurisdiction, department, category, crew, kecamatan"}]
                """));
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(json(window.body()).get("errors")).isEqualTo(json("""
                [{"pointer": "window", "message": "window must be one of 1h, day, 7d, 30d"}]
                """));
    }

    @Test
    void streamsBreachesAndChangedAggregatesToAConnectedClient() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(users.as(DemoUsers.MANAGER, HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/sla/stream"))).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (UncheckedIOException e) {
                // the test closes the stream when it has seen enough
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo(": connected");

        Instant reportedAt = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        var fire = Complaints.aFire("C-IT-3", reportedAt);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "sla-monitor-it"))) {
            send(producer, Topics.COMPLAINTS, fire);
        }

        List<String> seen = new java.util.ArrayList<>();
        String breachId = siaga.sla.timeline.ComplaintTimeline.factId("C-IT-3", siaga.contracts.events.StageBreached.class,
                SlaStage.DISPATCH).toString();
        Await.until("a dispatch breach and the fire category's aggregate on the stream", Duration.ofSeconds(30), () -> {
            String line;
            while ((line = lines.poll()) != null) {
                seen.add(line);
            }
            return seen.contains("event: stage.breached") && seen.contains("id: " + breachId)
                    && seen.contains("event: sla.metrics") && seen.contains("id: category/madiun:fire/1h");
        });
        List<String> breachEvent = seen.subList(seen.indexOf("id: " + breachId), seen.size());
        assertThat(breachEvent.subList(0, 2)).as("id, then name").containsExactly("id: " + breachId, "event: stage.breached");
        String data = breachEvent.get(2);
        assertThat(data).startsWith("data: ");
        assertThat(decode(Topics.SLA, data.substring("data: ".length()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).data())
                .isEqualTo(new siaga.contracts.events.StageBreached(SlaStage.DISPATCH, "fire", "DAMKAR", reportedAt,
                        reportedAt.plusSeconds(60), 60_000));
        response.body().close();
    }

    /** Writes synchronously with the event's own time as the record time, as the real writers would. */
    private static <P extends EventPayload> void send(KafkaProducer<String, byte[]> producer, EventTopic<P> topic,
                                                      Event<? extends P> event) throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(topic.name(), null, event.occurredAt().toEpochMilli(), event.subjectId(),
                topic.encode(event))).get();
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(users.as(DemoUsers.MANAGER, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))).GET().build(),
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
