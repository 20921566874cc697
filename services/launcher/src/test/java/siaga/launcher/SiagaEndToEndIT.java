package siaga.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.ReferenceFixtures;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/**
 * The walking skeleton end to end: the real embedded broker, every service in this JVM behind one port, a
 * fresh PostgreSQL schema. A hundred complaints are filed over HTTP, every crew starts its shift, and every
 * job is acknowledged and resolved through the crews' API; then the archive must hold exactly one row per
 * event on Kafka, every complaint's whole timeline, and the SLA summary must agree with SQL over the archive.
 */
class SiagaEndToEndIT {
    static final int COMPLAINTS = 100;
    static final List<String> EVENT_TOPICS = List.of("complaints", "dispatch", "field", "crews", "sla");
    /** No crew reports on scene and nobody closes, so arrive and close are never met; nothing comes near a target. */
    static final int SLA_FACTS_PER_COMPLAINT = 5;

    static TestKafka kafka;
    static TestDatabase db;
    static ServiceHost host;
    static URI base;
    static final HttpClient http = HttpClient.newHttpClient();
    /**
     * Every job is worked at once and complaints are scattered at random: a crew's job limit and the merging of
     * neighbouring duplicates are the dispatcher's own tests' business, not what this test measures, so every
     * category merges only reports at the same place and instant.
     */
    static final ReferenceCatalog reference = ReferenceFixtures.withDuplicateEverywhere(ReferenceCatalog.demo(),
            new ReferenceData.DuplicateRule(0, Duration.ZERO));
    static final ReferenceData madiun = reference.primary();
    /** Every route but the probes needs a session: each request is sent as the demo user whose work it is. */
    static DemoUsers users;

    @BeforeAll
    static void startEverything() throws Exception {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(kafka.config()).with("SIAGA_DISPATCHER_MAX_JOBS_PER_CREW", "100");
        host = new ServiceHost(config, reference, Clock.systemUTC(),
                ServiceCatalog.create(ServiceCatalog.names(), config, reference, Clock.systemUTC()));
        base = URI.create("http://127.0.0.1:" + host.start(0));
        LauncherMain.awaitReady(host, Duration.ofMinutes(2));
        users = new DemoUsers(base);
        assertThat(send(null, "GET", "/ready", null).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stopEverything() {
        if (host != null) {
            host.close();
        }
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void hundredComplaintsTravelEndToEndIntoTheArchiveAndTheSlaSummary() throws Exception {
        for (ReferenceData.Crew crew : madiun.crews()) {
            assertThat(send(DemoUsers.crewLead(crew.id()), "POST", "/api/crews/me/shift", Map.of("action", "start")).statusCode())
                    .as("shift start of " + crew.id()).isEqualTo(200);
        }

        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        Map<String, String> tickets = new HashMap<>();
        for (int i = 0; i < COMPLAINTS; i++) {
            ReferenceData.Category category = madiun.categories().get(i % madiun.categories().size());
            HttpResponse<String> created = send(DemoUsers.OPERATOR, "POST", "/api/complaints", Map.of(
                    "category", category.code(),
                    "lat", -7.67 + random.nextDouble() * 0.08,
                    "lon", 111.49 + random.nextDouble() * 0.06,
                    "address", "Jl. Uji No. " + i,
                    "description", "Keluhan uji nomor " + i,
                    "reporter", Map.of("name", "Warga " + i, "phone", "+62 812 0000 " + (1000 + i))));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode body = Json.MAPPER.readTree(created.body());
            ids.add(body.get("complaintId").asText());
            tickets.put(body.get("complaintId").asText(), body.get("ticket").asText());
        }
        assertThat(new HashSet<>(tickets.values())).hasSize(COMPLAINTS);

        ExecutorService crews = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (String id : ids) {
            work.add(crews.submit(() -> workJob(id)));
        }
        for (Future<?> f : work) {
            f.get();
        }
        crews.shutdown();

        // Kafka is the truth: every event written to the event topics
        Map<String, List<ConsumerRecord<String, byte[]>>> onKafka = new HashMap<>();
        Map<String, Integer> expected = Map.of("complaints", COMPLAINTS, "dispatch", COMPLAINTS, "field", 2 * COMPLAINTS,
                "crews", madiun.crews().size(), "sla", SLA_FACTS_PER_COMPLAINT * COMPLAINTS);
        for (String topic : EVENT_TOPICS) {
            onKafka.put(topic, TopicReader.readAll(kafka.bootstrapServers(), topic, expected.get(topic), Duration.ofSeconds(60)));
        }
        assertThat(onKafka.get("complaints")).hasSize(COMPLAINTS);
        assertThat(onKafka.get("dispatch")).as("one dispatch per complaint, none queued: every crew is on shift").hasSize(COMPLAINTS);
        assertThat(onKafka.get("field")).hasSize(2 * COMPLAINTS);
        assertThat(onKafka.get("sla")).as("dispatch, forward, acknowledge, follow-up and resolve met per complaint")
                .hasSize(SLA_FACTS_PER_COMPLAINT * COMPLAINTS);
        Set<String> kafkaEventIds = new HashSet<>();
        int kafkaRecords = 0;
        for (var records : onKafka.values()) {
            for (var record : records) {
                kafkaEventIds.add(Json.MAPPER.readTree(record.value()).get("eventId").asText());
                kafkaRecords++;
            }
        }
        assertThat(kafkaEventIds).hasSize(kafkaRecords);

        long onKafkaTotal = kafkaRecords;
        Await.until("the archive to hold every event", Duration.ofSeconds(60),
                () -> queryLong("select count(*) from events") == onKafkaTotal);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            Set<String> archivedIds = new HashSet<>();
            try (ResultSet rs = s.executeQuery("select event_id from events")) {
                while (rs.next()) {
                    archivedIds.add(rs.getString(1));
                }
            }
            assertThat(archivedIds).as("exactly one row per event on Kafka").isEqualTo(kafkaEventIds);
            try (ResultSet rs = s.executeQuery("select complaint_id, string_agg(type, ',' order by occurred_at, \"offset\") "
                    + "from events where complaint_id is not null and topic in ('complaints','dispatch','field') group by complaint_id")) {
                int complaints = 0;
                while (rs.next()) {
                    complaints++;
                    assertThat(rs.getString(2)).as("timeline of " + rs.getString(1))
                            .isEqualTo("complaint.reported,complaint.dispatched,job.acknowledged,job.resolved");
                }
                assertThat(complaints).isEqualTo(COMPLAINTS);
            }
            try (ResultSet rs = s.executeQuery("select count(*) from complaint_state where status = 'resolved' "
                    + "and crew_id is not null and resolved_at >= acknowledged_at and acknowledged_at >= dispatched_at "
                    + "and dispatched_at >= reported_at")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(COMPLAINTS);
            }
        }

        String someone = ids.get(7);
        JsonNode timeline = Json.MAPPER.readTree(send(DemoUsers.MANAGER, "GET", "/api/complaints/" + someone + "/timeline", null).body());
        assertThat(timeline.get("ticket").asText()).isEqualTo(tickets.get(someone));
        List<String> types = new ArrayList<>();
        timeline.get("events").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("complaint.reported", "complaint.dispatched", "job.acknowledged", "job.resolved");
        assertThat(timeline.at("/events/0/data/reporter/name").asText()).isEqualTo("Warga 7");
        HttpResponse<String> inspected = send(DemoUsers.INSPECTOR, "GET", "/api/complaints/" + someone + "/timeline", null);
        assertThat(inspected.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(inspected.body()).findValues("reporter")).isEmpty();
        assertThat(inspected.body()).doesNotContain("Warga 7").contains(tickets.get(someone));
        assertThat(send(DemoUsers.BANJARBARU_MANAGER, "GET", "/api/complaints/" + someone + "/timeline", null).statusCode())
                .isEqualTo(403);

        assertSlaSummaryEqualsSqlOverTheArchive();
    }

    private void workJob(String id) {
        try {
            String crew = Await.until("dispatch of " + id, Duration.ofSeconds(60), () -> {
                JsonNode view = getJson(DemoUsers.OPERATOR, "/api/complaints/" + id);
                return view != null && "dispatched".equals(view.path("status").asText()) ? view.get("crewId").asText() : null;
            });
            HttpResponse<String> ack = send(DemoUsers.crewLead(crew), "POST", "/api/jobs/" + id + "/ack", Map.of());
            assertThat(ack.statusCode()).as("ack " + id + ": " + ack.body()).isEqualTo(200);
            HttpResponse<String> resolve = send(DemoUsers.crewLead(crew), "POST", "/api/jobs/" + id + "/resolve",
                    Map.of("note", "Sudah diperbaiki"));
            assertThat(resolve.statusCode()).as("resolve " + id + ": " + resolve.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError("working job " + id, e);
        }
    }

    /** The independent SQL of {@link SlaProof} over the archive, against the monitor's summary of the last hour. */
    private void assertSlaSummaryEqualsSqlOverTheArchive() throws Exception {
        Map<String, SlaProof.Figures> bySql;
        try (Connection c = db.connect()) {
            bySql = SlaProof.compute(c, ReferenceCatalog.demo());
        }
        assertThat(bySql).hasSize(madiun.categories().size() * SLA_FACTS_PER_COMPLAINT);

        Map<String, JsonNode> byMonitor = Await.until("the SLA summary to count every stage", Duration.ofSeconds(30), () -> {
            JsonNode summary = getJson(DemoUsers.MANAGER, "/api/sla/summary?window=1h");
            Map<String, JsonNode> figures = new HashMap<>();
            summary.get("categories").forEach(cat -> cat.get("stages").fields().forEachRemaining(stage -> figures.put(
                    cat.get("jurisdiction").asText() + "/" + cat.get("category").asText() + "/" + stage.getKey(), stage.getValue())));
            long counted = figures.values().stream().mapToLong(f -> f.get("count").asLong()).sum();
            return counted == (long) SLA_FACTS_PER_COMPLAINT * COMPLAINTS ? figures : null;
        });
        assertThat(byMonitor.keySet()).isEqualTo(bySql.keySet());
        bySql.forEach((key, exact) -> {
            JsonNode monitored = byMonitor.get(key);
            assertThat(monitored.get("count").asLong()).as(key + " count").isEqualTo(exact.count());
            assertThat(monitored.get("withinTargetPercent").asDouble()).as(key + " compliance").isEqualTo(exact.compliancePercent());
            SlaProof.assertPercentile(key + " p50", monitored.get("p50Millis").asLong(), exact.p50Millis());
            SlaProof.assertPercentile(key + " p90", monitored.get("p90Millis").asLong(), exact.p90Millis());
            SlaProof.assertPercentile(key + " p99", monitored.get("p99Millis").asLong(), exact.p99Millis());
        });
    }

    private static long queryLong(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode getJson(String user, String path) {
        try {
            HttpResponse<String> response = send(user, "GET", path, null);
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@code user}, or without a session when null. */
    static HttpResponse<String> send(String user, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            users.as(user, request);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
