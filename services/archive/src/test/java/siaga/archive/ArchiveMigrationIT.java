package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import siaga.archive.ingest.EventPartitions;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageCorrected;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.testing.TestDatabase;

/**
 * The V2 migration turns a V1 archive into the partitioned one without losing a row, and the monthly partitions
 * are created ahead and on demand, moving rows out of the default partition. Real PostgreSQL, no broker.
 */
class ArchiveMigrationIT {
    TestDatabase db;
    SiagaConfig config;
    HikariDataSource dataSource;

    @BeforeEach
    void createSchema() {
        db = TestDatabase.create();
        config = db.applyTo(SiagaConfig.of(Map.of()));
        dataSource = Database.dataSource(config, "migration-it", 2);
    }

    @AfterEach
    void dropSchema() {
        dataSource.close();
        db.close();
    }

    @Test
    void v2MovesEveryV1EventIntoMonthlyPartitionsAndFillsTheNewColumnsAndTables() throws Exception {
        Flyway.configure().dataSource(dataSource).schemas(db.schema()).locations("classpath:db/archive")
                .table("archive_schema_history").target("1").load().migrate();
        ComplaintStory february = ComplaintStory.aStreetLightOut("MDN-2026-000201", Instant.parse("2026-02-27T03:00:00Z"));
        ComplaintStory march = ComplaintStory.aStreetLightOut("MDN-2026-000202", Instant.parse("2026-03-02T03:00:00Z"));
        insertV1Event(february.reported(), Topics.COMPLAINTS.name(), 0);
        insertV1Event(february.dispatchMet(), Topics.SLA.name(), 0);
        insertV1Event(march.reported(), Topics.COMPLAINTS.name(), 1);
        insertV1Event(march.shiftStarted(), Topics.CREWS.name(), 0);
        db.execute("insert into " + db.schema() + ".complaint_state (complaint_id, ticket, jurisdiction, category,"
                + " department, priority, status, reported_at, updated_at, last_event_id) values ('"
                + february.complaintId() + "', 'MDN-2026-000201', 'madiun', 'street-light-out', 'DISHUB', 3, 'reported',"
                + " '2026-02-27T03:00:00Z', '2026-02-27T03:00:00Z', '" + february.reported().eventId() + "')");

        Database.migrate(dataSource, config, ArchiveService.NAME);

        assertThat(ArchiveTables.rows(db, "select tableoid::regclass::text as partition, event_id from events order by occurred_at"))
                .containsExactly(
                        Map.of("partition", "events_2026_02", "event_id", february.reported().eventId()),
                        Map.of("partition", "events_2026_02", "event_id", february.dispatchMet().eventId()),
                        Map.of("partition", "events_2026_03", "event_id", march.shiftStarted().eventId()),
                        Map.of("partition", "events_2026_03", "event_id", march.reported().eventId()));
        assertThat(ArchiveTables.count(db, "select count(*) from event_ids")).isEqualTo(4);
        assertThat(ArchiveTables.rows(db, "select ticket, coalesce(district, '(none)') as district, reporter_phone"
                + " from complaint_state")).containsExactly(
                Map.of("ticket", "MDN-2026-000201", "district", "(none)", "reporter_phone", "6281234567890"));
        assertThat(ArchiveTables.rows(db, "select event_id, complaint_id, stage, outcome, category, department,"
                + " elapsed_millis, target_millis, within_target from sla_outcomes where due_at is null"))
                .containsExactly(Map.ofEntries(Map.entry("event_id", february.dispatchMet().eventId()),
                        Map.entry("complaint_id", february.complaintId()), Map.entry("stage", "dispatch"),
                        Map.entry("outcome", "met"), Map.entry("category", "street-light-out"),
                        Map.entry("department", "DISHUB"), Map.entry("elapsed_millis", 120_000L),
                        Map.entry("target_millis", 900_000L), Map.entry("within_target", true)));
        assertThat(ArchiveTables.rows(db, "select c.relname as partition from pg_inherits i"
                + " join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass order by 1"))
                .extracting(row -> row.get("partition"))
                .containsExactly("events_2026_02", "events_2026_03", "events_default");
        // an event id stays unique across partitions
        assertThatThrownBy(() -> db.execute("insert into " + db.schema() + ".event_ids values ('"
                + march.reported().eventId() + "')")).hasMessageContaining("duplicate key");
    }

    @Test
    void v3ToV5FoldWhatSqlCanOfTheLaterEventsAndGiveEverySlaEventItsOutcomeAndCompletionsTheirPausedTime() throws Exception {
        Flyway.configure().dataSource(dataSource).schemas(db.schema()).locations("classpath:db/archive")
                .table("archive_schema_history").target("2").load().migrate();
        Instant t0 = Instant.parse("2026-03-02T03:00:00Z");
        ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000301", t0);
        Event<NoteAdded> note = story.reported().followedBy(new NoteAdded("warga menelepon lagi"), ComplaintStory.OPERATOR,
                t0.plusSeconds(60));
        Event<ComplaintCancelled> cancelled = story.reported().followedBy(new ComplaintCancelled("laporan palsu"),
                ComplaintStory.OPERATOR, t0.plusSeconds(90));
        Event<StageAtRisk> atRisk = story.reported().followedBy(new StageAtRisk(SlaStage.ACKNOWLEDGE, "street-light-out",
                "DISHUB", t0, t0.plusSeconds(1800), 1_800_000), Complaint.SLA_MONITOR, t0.plusSeconds(1440));
        Event<StageCorrected> corrected = story.reported().followedBy(new StageCorrected(SlaStage.DISPATCH,
                "street-light-out", "DISHUB", t0, t0.plusSeconds(60), 60_000, 900_000, true, story.dispatchMet().eventId()),
                Complaint.SLA_MONITOR, t0.plusSeconds(1500));
        insertV1Event(story.reported(), Topics.COMPLAINTS.name(), 0);
        insertV1Event(note, Topics.COMPLAINTS.name(), 1);
        insertV1Event(cancelled, Topics.COMPLAINTS.name(), 2);
        insertV1Event(story.dispatchMet(), Topics.SLA.name(), 5);
        insertV1Event(atRisk, Topics.SLA.name(), 6);
        insertV1Event(corrected, Topics.SLA.name(), 7);
        db.execute("insert into " + db.schema() + ".complaint_state (complaint_id, ticket, jurisdiction, status,"
                + " reported_at, updated_at, last_event_id) values ('" + story.complaintId() + "', 'MDN-2026-000301',"
                + " 'madiun', 'reported', '" + t0 + "', '" + t0 + "', '" + story.reported().eventId() + "')");
        db.execute("insert into " + db.schema() + ".sla_outcomes (event_id, complaint_id, jurisdiction, stage, outcome,"
                + " category, department, started_at, target_millis, completed_at, elapsed_millis, within_target,"
                + " occurred_at) values ('" + story.dispatchMet().eventId() + "', '" + story.complaintId() + "', 'madiun',"
                + " 'dispatch', 'met', 'street-light-out', 'DISHUB', '" + t0 + "', 900000, '" + t0.plusSeconds(120)
                + "', 120000, true, '" + t0.plusSeconds(120) + "')");

        Database.migrate(dataSource, config, ArchiveService.NAME);

        assertThat(ArchiveTables.rows(db, "select status, notes, cancelled_at, cancel_reason, declines from complaint_state"))
                .containsExactly(Map.of("status", "cancelled", "notes", 1,
                        "cancelled_at", Timestamp.from(t0.plusSeconds(90)), "cancel_reason", "laporan palsu", "declines", 0));
        assertThat(ArchiveTables.rows(db, "select event_id, outcome, source_partition, source_offset,"
                + " coalesce(corrects_event_id::text, '-') as corrects from sla_outcomes order by source_offset"))
                .containsExactly(
                        Map.of("event_id", story.dispatchMet().eventId(), "outcome", "met", "source_partition", 0,
                                "source_offset", 5L, "corrects", "-"),
                        Map.of("event_id", atRisk.eventId(), "outcome", "at-risk", "source_partition", 0,
                                "source_offset", 6L, "corrects", "-"),
                        Map.of("event_id", corrected.eventId(), "outcome", "corrected", "source_partition", 0,
                                "source_offset", 7L, "corrects", story.dispatchMet().eventId().toString()));
        assertThat(ArchiveTables.count(db, "select count(*) from sla_remeasurements")).isZero();
        assertThat(ArchiveTables.rows(db, "select outcome, coalesce(paused_millis, -1) as paused from sla_outcomes order by source_offset"))
                .as("V5: completions of version 1 never paused; warnings and breaches have no paused time").containsExactly(
                        Map.of("outcome", "met", "paused", 0L), Map.of("outcome", "at-risk", "paused", -1L),
                        Map.of("outcome", "corrected", "paused", 0L));
    }

    @Test
    void createsPartitionsAheadAndMovesRowsOutOfTheDefaultPartitionWhenTheirMonthGetsOne() throws Exception {
        Database.migrate(dataSource, config, ArchiveService.NAME);
        EventPartitions partitions = new EventPartitions(dataSource);
        partitions.ensureAhead(Instant.parse("2030-12-15T00:00:00Z"));
        ComplaintStory early = ComplaintStory.aStreetLightOut("MDN-2035-000001", Instant.parse("2035-01-10T00:00:00Z"));
        insertEvent(early.reported());

        assertThat(partitionOf(early.reported())).isEqualTo("events_default");

        partitions.ensureFor(List.of(early.reported().occurredAt()), Instant.parse("2034-12-31T00:00:00Z"));

        assertThat(partitionOf(early.reported())).isEqualTo("events_2035_01");
        assertThat(ArchiveTables.count(db, "select count(*) from events_default")).isZero();
        assertThat(ArchiveTables.rows(db, "select c.relname as partition from pg_inherits i"
                + " join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass order by 1"))
                .extracting(row -> row.get("partition"))
                .containsExactly("events_2030_12", "events_2031_01", "events_2031_02", "events_2035_01", "events_default");
        // beyond the months ahead of now a month gets no partition: its rows wait in the default one
        partitions.ensureFor(List.of(Instant.parse("2035-06-01T00:00:00Z")), Instant.parse("2034-12-31T00:00:00Z"));
        assertThat(ArchiveTables.count(db, "select count(*) from pg_class where relname = 'events_2035_06'")).isZero();
    }

    private String partitionOf(Event<?> event) {
        return (String) ArchiveTables.rows(db, "select tableoid::regclass::text as partition from events where event_id = ?",
                event.eventId()).get(0).get("partition");
    }

    private void insertV1Event(Event<?> event, String topic, long offset) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("insert into events (event_id,"
                + " type, schema_version, occurred_at, jurisdiction, subject_id, complaint_id, crew_id, actor_role,"
                + " actor_id, correlation_id, topic, partition, \"offset\", payload, archived_at) values"
                + " (?, ?, ?, ?::timestamptz, ?, ?, ?::uuid, null, 'operator', 'x', ?, ?, 0, ?, ?::jsonb, now())")) {
            s.setObject(1, event.eventId());
            s.setString(2, event.type());
            s.setInt(3, event.schemaVersion());
            s.setString(4, event.occurredAt().toString());
            s.setString(5, event.jurisdiction());
            s.setString(6, event.subjectId());
            s.setString(7, topic.equals(Topics.CREWS.name()) ? null : event.subjectId());
            s.setString(8, event.correlationId());
            s.setString(9, topic);
            s.setLong(10, offset);
            s.setString(11, new String(EventCodec.encode(event), StandardCharsets.UTF_8));
            s.executeUpdate();
        }
    }

    private void insertEvent(Event<?> event) throws SQLException {
        insertV1Event(event, Topics.COMPLAINTS.name(), 0);
    }
}
