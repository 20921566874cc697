package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

class ArchiveIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static TestKafka kafka;
    static TestDatabase db;
    static ArchiveService archive;
    static ServiceHost host;
    static int port;
    static DemoUsers users;
    static KafkaProducer<String, byte[]> producer;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(kafka.config())
                .with(ArchiveConfig.RETRY_BACKOFF, "PT0.1S")
                .with(ArchiveConfig.RETRY_BACKOFF_MAX, "PT0.5S");
        archive = new ArchiveService(config, ReferenceCatalog.demo(), Clock.systemUTC());
        host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(), List.of(archive));
        port = host.start(0);
        users = new DemoUsers(URI.create("http://localhost:" + port));
        producer = new KafkaProducer<>(KafkaSettings.producer(config, "archive-it"));
        Await.until("the archive is ready", WAIT, () -> archive.health().ready());
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void archivesEveryEventOnceAndFoldsTheComplaintIntoItsCurrentState() throws Exception {
        ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000101", Instant.parse("2026-03-02T01:00:00Z"));
        Map<Event<?>, RecordMetadata> written = new LinkedHashMap<>();
        written.put(story.shiftStarted(), send(Topics.CREWS.name(), ComplaintStory.CREW, story.shiftStarted()));
        written.put(story.reported(), send(Topics.COMPLAINTS.name(), story.reported()));
        written.put(story.dispatched(), send(Topics.DISPATCH.name(), story.dispatched()));
        written.put(story.dispatchMet(), send(Topics.SLA.name(), story.dispatchMet()));
        written.put(story.acknowledged(), send(Topics.FIELD.name(), story.acknowledged()));
        written.put(story.resolved(), send(Topics.FIELD.name(), story.resolved()));

        Await.until("six events archived", WAIT, () -> ArchiveTables.eventsOf(db,
                written.keySet().stream().map(Event::eventId).toArray(UUID[]::new)) == 6);

        for (Map.Entry<Event<?>, RecordMetadata> entry : written.entrySet()) {
            Event<?> event = entry.getKey();
            RecordMetadata at = entry.getValue();
            List<Map<String, Object>> rows = ArchiveTables.rows(db, "select * from events where event_id = ?", event.eventId());
            assertThat(rows).hasSize(1);
            Map<String, Object> row = rows.get(0);
            boolean onCrews = at.topic().equals(Topics.CREWS.name());
            String crew = event.type().equals("complaint.reported") || event.type().equals("stage.met") ? null : "dishub-1";
            assertThat(row).containsEntry("type", event.type())
                    .containsEntry("schema_version", event.schemaVersion())
                    .containsEntry("occurred_at", timestamp(event.occurredAt()))
                    .containsEntry("jurisdiction", "madiun")
                    .containsEntry("subject_id", event.subjectId())
                    .containsEntry("complaint_id", onCrews ? null : story.complaintId())
                    .containsEntry("crew_id", crew)
                    .containsEntry("actor_role", event.actor().role().name().toLowerCase())
                    .containsEntry("actor_id", event.actor().id())
                    .containsEntry("correlation_id", event.correlationId())
                    .containsEntry("topic", at.topic())
                    .containsEntry("partition", at.partition())
                    .containsEntry("offset", at.offset());
            assertThat(Json.MAPPER.readTree(row.get("payload").toString()))
                    .isEqualTo(Json.MAPPER.readTree(EventCodec.encode(event)));
            assertThat(((Timestamp) row.get("archived_at")).toInstant()).isAfter(Instant.now().minus(WAIT));
        }

        Map<String, Object> state = new HashMap<>(Map.ofEntries(
                Map.entry("complaint_id", story.complaintId()),
                Map.entry("ticket", "MDN-2026-000101"),
                Map.entry("jurisdiction", "madiun"),
                Map.entry("category", "street-light-out"),
                Map.entry("department", "DISHUB"),
                Map.entry("priority", 3),
                Map.entry("status", "resolved"),
                Map.entry("crew_id", "dishub-1"),
                Map.entry("reported_at", timestamp(story.reported().occurredAt())),
                Map.entry("dispatched_at", timestamp(story.dispatched().occurredAt())),
                Map.entry("acknowledged_at", timestamp(story.acknowledged().occurredAt())),
                Map.entry("resolved_at", timestamp(story.resolved().occurredAt())),
                Map.entry("updated_at", timestamp(story.resolved().occurredAt())),
                Map.entry("last_event_id", story.resolved().eventId()),
                Map.entry("reporter_phone", "6281234567890")));
        state.put("taken_up_at", timestamp(story.acknowledged().data().receivedAt()));
        state.put("declines", 0);
        state.put("escalations", 0);
        state.put("notes", 0);
        // the story's report places the complaint in no kecamatan, and none of its later events happened
        for (String unset : List.of("district", "queued_at", "en_route_at", "on_scene_at", "closed_at", "cancelled_at",
                "cancel_reason", "merged_at", "merged_into", "split_at", "declined_at", "cannot_fix_at",
                "supervisor_alerted_at")) {
            state.put(unset, null);
        }
        assertThat(ArchiveTables.rows(db, "select * from complaint_state where complaint_id = ?", story.complaintId()))
                .containsExactly(state);
        assertEveryRecordArchivedOnce();
    }

    @Test
    void servesATimelineOfTheComplaintsLifecycleInTheOrderItHappened() throws Exception {
        ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000102", Instant.parse("2026-03-02T02:00:00Z"));
        // the topics are written, and read, in another order than the lifecycle's
        send(Topics.FIELD.name(), story.acknowledged());
        send(Topics.FIELD.name(), story.resolved());
        send(Topics.SLA.name(), story.dispatchMet());
        send(Topics.DISPATCH.name(), story.dispatched());
        send(Topics.COMPLAINTS.name(), story.reported());
        Await.until("the complaint's events archived", WAIT, () -> ArchiveTables.eventsOf(db,
                story.reported().eventId(), story.dispatched().eventId(), story.acknowledged().eventId(),
                story.resolved().eventId(), story.dispatchMet().eventId()) == 5);

        HttpResponse<String> response = get("/api/complaints/" + story.complaintId() + "/timeline");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(fieldNames(body)).containsExactly("complaintId", "jurisdiction", "ticket", "status", "timeZone", "events");
        assertThat(body.get("jurisdiction").asText()).isEqualTo("madiun");
        assertThat(body.get("timeZone").asText()).isEqualTo("Asia/Jakarta");
        assertThat(body.get("complaintId").asText()).isEqualTo(story.complaintId().toString());
        assertThat(body.get("ticket").asText()).isEqualTo("MDN-2026-000102");
        assertThat(body.get("status").asText()).isEqualTo("resolved");
        assertThat(body.get("events")).hasSize(4);
        List<Event<?>> lifecycle = story.lifecycle();
        for (int i = 0; i < lifecycle.size(); i++) {
            Event<?> expected = lifecycle.get(i);
            JsonNode entry = body.get("events").get(i);
            assertThat(fieldNames(entry)).containsExactly("eventId", "type", "occurredAt", "occurredAtLocal", "actor", "data");
            assertThat(entry.get("eventId").asText()).isEqualTo(expected.eventId().toString());
            assertThat(entry.get("type").asText()).isEqualTo(expected.type());
            assertThat(Instant.parse(entry.get("occurredAt").asText())).isEqualTo(expected.occurredAt());
            assertThat(entry.get("occurredAt").asText()).endsWith("Z");
            assertThat(OffsetDateTime.parse(entry.get("occurredAtLocal").asText()))
                    .isEqualTo(expected.occurredAt().atOffset(ZoneOffset.ofHours(7)));
            assertThat(entry.get("actor")).isEqualTo(Json.MAPPER.valueToTree(expected.actor()));
            assertThat(entry.get("data")).isEqualTo(Json.MAPPER.valueToTree(expected.data()));
        }
        // operators and managers of its jurisdiction see who reported it; an inspector reads the rest of it
        assertThat(body.get("events").get(0).at("/data/reporter/phone").asText()).isEqualTo("+62 812 3456 7890");
        HttpResponse<String> inspected = get(DemoUsers.INSPECTOR, "/api/complaints/" + story.complaintId() + "/timeline");
        assertThat(inspected.statusCode()).isEqualTo(200);
        JsonNode withoutReporter = body.deepCopy();
        ((ObjectNode) withoutReporter.at("/events/0/data")).remove("reporter");
        assertThat(Json.MAPPER.readTree(inspected.body())).isEqualTo(withoutReporter);
        assertThat(inspected.body()).doesNotContain("3456");
        HttpResponse<String> otherCity = get(DemoUsers.BANJARBARU_OPERATOR, "/api/complaints/" + story.complaintId() + "/timeline");
        assertThat(otherCity.statusCode()).isEqualTo(403);
        assertThat(otherCity.body()).doesNotContain("3456", "MDN-2026-000102");

        JsonNode inMakassar = Json.MAPPER.readTree(get("/api/complaints/" + story.complaintId() + "/timeline?tz=Asia/Makassar").body());
        assertThat(inMakassar.get("timeZone").asText()).isEqualTo("Asia/Makassar");
        assertThat(inMakassar.at("/events/0/occurredAtLocal").asText()).isEqualTo("2026-03-02T10:00:00+08:00");
        HttpResponse<String> badZone = get("/api/complaints/" + story.complaintId() + "/timeline?tz=WIB");
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(badZone.body()).get("errors")).isEqualTo(Json.MAPPER.readTree(
                "[{\"pointer\":\"/tz\",\"message\":\"must be an IANA time zone such as Asia/Jakarta, was 'WIB'\"}]"));
    }

    @Test
    void answersUnknownComplaintsWith404AndMalformedIdsWith400() throws Exception {
        HttpResponse<String> unknown = get("/api/complaints/" + UUID.randomUUID() + "/timeline");
        HttpResponse<String> malformed = get("/api/complaints/MDN-2026-000101/timeline");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode notFound = Json.MAPPER.readTree(unknown.body());
        assertThat(notFound.get("status").asInt()).isEqualTo(404);
        assertThat(notFound.get("detail").asText()).startsWith("no event of complaint ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        JsonNode invalid = Json.MAPPER.readTree(malformed.body());
        assertThat(invalid.get("status").asInt()).isEqualTo(400);
        assertThat(invalid.at("/errors/0/pointer").asText()).isEqualTo("/id");
        assertThat(invalid.at("/errors/0/message").asText())
                .isEqualTo("must be a complaint id (a UUID), was 'MDN-2026-000101'");
    }

    @Test
    void sendsAnUnreadableRecordToDeadLetterStoresItAndKeepsArchiving() throws Exception {
        ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000103", Instant.parse("2026-03-02T03:00:00Z"));
        String key = story.complaintId().toString();
        RecordMetadata bad = producer.send(new ProducerRecord<>(Topics.FIELD.name(), key,
                "{not json".getBytes(StandardCharsets.UTF_8))).get();
        RecordMetadata good = send(Topics.FIELD.name(), story.acknowledged());

        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.readAll(kafka.bootstrapServers(),
                Topics.DEAD_LETTER, 1, WAIT);
        List<ConsumerRecord<String, byte[]>> ours = deadLetters.stream().filter(r -> key.equals(r.key())).toList();
        assertThat(ours).hasSize(1);
        DeadLetter letter = Json.MAPPER.readValue(ours.get(0).value(), DeadLetter.class);
        assertThat(letter.sourceTopic()).isEqualTo("field");
        assertThat(letter.sourcePartition()).isEqualTo(bad.partition());
        assertThat(letter.sourceOffset()).isEqualTo(bad.offset());
        assertThat(letter.key()).isEqualTo(key);
        assertThat(letter.rawValue()).isEqualTo("{not json");
        assertThat(letter.reason()).startsWith("not valid JSON: ");
        assertThat(letter.service()).isEqualTo("archive");

        Await.until("the dead letter stored", WAIT, () -> ArchiveTables.count(db,
                "select count(*) from dead_letters where record_key = ?", key) == 1);
        Map<String, Object> stored = ArchiveTables.rows(db, "select * from dead_letters where record_key = ?", key).get(0);
        assertThat(stored).containsEntry("dead_letter_partition", ours.get(0).partition())
                .containsEntry("dead_letter_offset", ours.get(0).offset())
                .containsEntry("source_topic", "field")
                .containsEntry("source_partition", bad.partition())
                .containsEntry("source_offset", bad.offset())
                .containsEntry("raw_value", "{not json")
                .containsEntry("reason", letter.reason())
                .containsEntry("service", "archive");
        // PostgreSQL keeps microseconds
        assertThat(((Timestamp) stored.get("failed_at")).toInstant()).isCloseTo(letter.failedAt(), within(1, ChronoUnit.MICROS));
        Await.until("the good record after it archived", WAIT,
                () -> ArchiveTables.eventsOf(db, story.acknowledged().eventId()) == 1);
        assertThat(ArchiveTables.rows(db, "select partition, \"offset\" from events where event_id = ?",
                story.acknowledged().eventId())).containsExactly(Map.of("partition", good.partition(), "offset", good.offset()));
        assertEveryRecordArchivedOnce();
    }

    @Test
    void deadLettersAReportWhoseTicketAnotherComplaintHoldsAndKeepsArchiving() throws Exception {
        String ticket = "MDN-2026-000105";
        ComplaintStory holder = ComplaintStory.aStreetLightOut(ticket, Instant.parse("2026-03-02T05:00:00Z"));
        ComplaintStory sameTicket = ComplaintStory.aStreetLightOut(ticket, Instant.parse("2026-03-02T05:10:00Z"));
        ComplaintStory after = ComplaintStory.aStreetLightOut("MDN-2026-000106", Instant.parse("2026-03-02T05:20:00Z"));
        send(Topics.COMPLAINTS.name(), holder.reported());
        Await.until("the first report archived", WAIT, () -> ArchiveTables.eventsOf(db, holder.reported().eventId()) == 1);

        RecordMetadata refused = send(Topics.COMPLAINTS.name(), sameTicket.reported());
        send(Topics.DISPATCH.name(), sameTicket.dispatched());
        send(Topics.COMPLAINTS.name(), after.reported());
        send(Topics.DISPATCH.name(), after.dispatched());
        send(Topics.DISPATCH.name(), holder.dispatched());

        Await.until("the valid events after it archived", WAIT, () -> ArchiveTables.eventsOf(db,
                sameTicket.dispatched().eventId(), after.reported().eventId(), after.dispatched().eventId(),
                holder.dispatched().eventId()) == 4);
        String key = sameTicket.complaintId().toString();
        Await.until("the dead letter stored", WAIT, () -> ArchiveTables.count(db,
                "select count(*) from dead_letters where record_key = ?", key) == 1);
        List<ConsumerRecord<String, byte[]>> ours = TopicReader.readAll(kafka.bootstrapServers(), Topics.DEAD_LETTER, 1, WAIT)
                .stream().filter(r -> key.equals(r.key())).toList();
        assertThat(ours).hasSize(1);
        DeadLetter letter = Json.MAPPER.readValue(ours.get(0).value(), DeadLetter.class);
        assertThat(letter.sourceTopic()).isEqualTo("complaints");
        assertThat(letter.sourcePartition()).isEqualTo(refused.partition());
        assertThat(letter.sourceOffset()).isEqualTo(refused.offset());
        assertThat(letter.service()).isEqualTo("archive");
        assertThat(letter.reason()).isEqualTo("ticket " + ticket + " is already held by complaint " + holder.complaintId()
                + "; the report of complaint " + sameTicket.complaintId() + " (event " + sameTicket.reported().eventId()
                + ") cannot take it");
        assertThat(Json.MAPPER.readTree(letter.rawValue())).isEqualTo(Json.MAPPER.readTree(EventCodec.encode(sameTicket.reported())));

        assertThat(ArchiveTables.eventsOf(db, sameTicket.reported().eventId())).isZero();
        assertThat(ArchiveTables.rows(db, "select complaint_id, status from complaint_state where ticket = ?", ticket))
                .containsExactly(Map.of("complaint_id", holder.complaintId(), "status", "dispatched"));
        // what is known of the second complaint without its report: dispatched, no ticket, not searchable
        Map<String, Object> reportless = new HashMap<>();
        reportless.put("ticket", null);
        reportless.put("status", "dispatched");
        reportless.put("reported_at", null);
        assertThat(ArchiveTables.rows(db, "select ticket, status, reported_at from complaint_state where complaint_id = ?",
                sameTicket.complaintId())).containsExactly(reportless);
        assertThat(ArchiveTables.rows(db, "select ticket, status from complaint_state where complaint_id = ?",
                after.complaintId())).containsExactly(Map.of("ticket", "MDN-2026-000106", "status", "dispatched"));
        Await.until("the archive ready", WAIT, () -> archive.health().ready());
        assertEveryRecordArchivedOnce();
    }

    @Test
    void retriesWhileTheDatabaseFailsAndThenArchivesEverythingOnce() throws Exception {
        ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000104", Instant.parse("2026-03-02T04:00:00Z"));
        db.execute("alter table " + db.schema() + ".events rename to events_away");
        try {
            send(Topics.COMPLAINTS.name(), story.reported());
            String detail = Await.until("the archive reports the failure", WAIT, () -> {
                var health = archive.health();
                return health.ready() ? null : health.detail();
            });
            assertThat(detail).startsWith("retrying after a failure: SQLState 42P01: ERROR: relation \"events\" does not exist");
            send(Topics.DISPATCH.name(), story.dispatched());
            Thread.sleep(1000);
            assertThat(ArchiveTables.count(db, "select count(*) from complaint_state where complaint_id = ?",
                    story.complaintId())).isZero();
        } finally {
            db.execute("alter table " + db.schema() + ".events_away rename to events");
        }

        Await.until("both events archived", WAIT,
                () -> ArchiveTables.eventsOf(db, story.reported().eventId(), story.dispatched().eventId()) == 2);
        Await.until("the archive ready again", WAIT, () -> archive.health().ready());
        assertThat(ArchiveTables.rows(db, "select status, ticket, crew_id from complaint_state where complaint_id = ?",
                story.complaintId())).containsExactly(Map.of("status", "dispatched", "ticket", "MDN-2026-000104",
                "crew_id", "dishub-1"));
        assertEveryRecordArchivedOnce();
    }

    /**
     * The stored offsets are the end offsets, and every record before them is in exactly one row: an event,
     * or a dead letter of the archive's own for a record it could not archive, or a stored dead letter.
     */
    private static void assertEveryRecordArchivedOnce() {
        Await.until("stored offsets at the end of every partition", WAIT,
                () -> ArchiveTables.storedOffsets(db).equals(ArchiveTables.endOffsets(kafka.bootstrapServers())));
        Map<Boolean, Long> offsetsByDeadLetterTopic = ArchiveTables.storedOffsets(db).entrySet().stream()
                .collect(Collectors.partitioningBy(e -> e.getKey().topic().equals(Topics.DEAD_LETTER),
                        Collectors.summingLong(Map.Entry::getValue)));
        long events = ArchiveTables.count(db, "select count(*) from events");
        long refused = ArchiveTables.count(db, "select count(*) from dead_letters where service = 'archive'");
        long deadLetters = ArchiveTables.count(db, "select count(*) from dead_letters");
        assertThat(events + refused).isEqualTo(offsetsByDeadLetterTopic.get(false));
        assertThat(deadLetters).isEqualTo(offsetsByDeadLetterTopic.get(true));
    }

    private static RecordMetadata send(String topic, Event<?> event) throws Exception {
        return send(topic, event.subjectId(), event);
    }

    private static RecordMetadata send(String topic, String key, Event<?> event) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, EventCodec.encode(event))).get();
    }

    /** As the demo manager of Madiun. */
    private static HttpResponse<String> get(String path) throws Exception {
        return get(DemoUsers.MANAGER, path);
    }

    private static HttpResponse<String> get(String user, String path) throws Exception {
        return http.send(users.as(user, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
