package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.contracts.events.SlaStage;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.testing.Await;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * {@code siaga archive --rebuild}: the archive emptied and rebuilt from Kafka alone has exactly the tables it had,
 * row for row (only {@code archived_at} differs), and the archive started afterwards goes on from there.
 */
class ArchiveRebuildIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Each table with the order that makes its rows comparable. */
    static final Map<String, String> TABLES = tables();
    static TestKafka kafka;
    static TestDatabase db;
    static SiagaConfig config;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        config = db.applyTo(kafka.config());
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void rebuildsEveryTableAsItWasFromKafkaAloneAndTheArchiveGoesOnFromThere() throws Exception {
        try (EventSender sender = new EventSender(config)) {
            sender.send(aCity());
            // one record the archive cannot read: it goes to dead-letter, and the archive stores that
            sender.producer().send(new ProducerRecord<>(Topics.FIELD.name(), "not-a-complaint",
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
            ServiceHost archive = startArchive();
            try {
                Await.until("everything archived", WAIT, () -> sender.allArchived(db)
                        && ArchiveTables.storedOffsets(db).equals(ArchiveTables.endOffsets(kafka.bootstrapServers()))
                        && ArchiveTables.count(db, "select count(*) from dead_letters") == 1);
                assertThatThrownBy(() -> ArchiveRebuild.run(config)).isInstanceOf(IllegalStateException.class)
                        .hasMessage("the archive is running (consumer group " + config.appIdPrefix()
                                + "-archive has 1 members); stop it before rebuilding");
            } finally {
                archive.close();
            }
        }
        Map<String, List<Map<String, Object>>> original = snapshot();
        Map<TopicPartition, Long> onKafka = ArchiveTables.endOffsets(kafka.bootstrapServers());
        assertThat(original.get("shifts")).hasSize(3);
        assertThat(original.get("sla_outcomes")).hasSize(12);
        assertThat(ArchiveTables.rows(db, "select distinct tableoid::regclass::text as partition from events order by 1"))
                .extracting(row -> row.get("partition")).containsExactly("events_2026_02", "events_2026_03", "events_default");

        ArchiveRebuild.Result result = ArchiveRebuild.run(config);

        assertThat(snapshot()).isEqualTo(original);
        long records = onKafka.values().stream().mapToLong(Long::longValue).sum();
        assertThat(result.records()).isEqualTo(records);
        assertThat(result.events()).isEqualTo(original.get("events").size());
        assertThat(result.deadLetters()).isEqualTo(1);
        assertThat(result.refused()).isEqualTo(1);
        // the refused record's dead letter was sent when it was first read, not again
        assertThat(ArchiveTables.endOffsets(kafka.bootstrapServers())).isEqualTo(onKafka);

        ComplaintStory later = ComplaintStory.aStreetLightOut("MDN-2026-000899", Instant.parse("2026-03-20T01:00:00Z"));
        try (EventSender sender = new EventSender(config)) {
            sender.send(later.lifecycle());
            ServiceHost archive = startArchive();
            try {
                Await.until("the later complaint archived", WAIT, () -> sender.allArchived(db)
                        && ArchiveTables.storedOffsets(db).equals(ArchiveTables.endOffsets(kafka.bootstrapServers())));
            } finally {
                archive.close();
            }
        }
        assertThat(ArchiveTables.count(db, "select count(*) from events")).isEqualTo(original.get("events").size() + 4);
        assertThat(ArchiveTables.rows(db, "select status from complaint_state where ticket = 'MDN-2026-000899'"))
                .containsExactly(Map.of("status", "resolved"));
    }

    private static ServiceHost startArchive() {
        ServiceHost host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(),
                List.of(new ArchiveService(config, ReferenceCatalog.demo(), Clock.systemUTC())));
        host.start(0);
        return host;
    }

    /** Complaints in February and March 2026, crews' shifts, SLA verdicts, and an event far in the future. */
    private static List<Event<?>> aCity() {
        List<Event<?>> events = new ArrayList<>();
        Duration target = Duration.ofMinutes(15);
        for (int i = 0; i < 6; i++) {
            Instant at = Instant.parse("2026-02-27T20:00:00Z").plus(Duration.ofHours(12L * i));
            Complaint complaint = Complaint.reported("MDN-2026-%06d".formatted(800 + i), "street-light-out", "DISHUB",
                    i % 2 == 0 ? "kartoharjo" : null, "0812 7777 %04d".formatted(i), at);
            String crew = "dishub-" + (1 + i % 2);
            events.add(complaint.reported());
            if (i == 5) {
                events.add(complaint.queued(at.plusSeconds(30)));
                continue;
            }
            Instant dispatched = at.plus(Duration.ofMinutes(5L + 5L * i));
            events.addAll(List.of(complaint.dispatched(crew, dispatched), complaint.acknowledged(crew, dispatched.plusSeconds(60)),
                    complaint.met(SlaStage.DISPATCH, dispatched, target), complaint.met(SlaStage.ACKNOWLEDGE,
                            dispatched.plusSeconds(60), Duration.ofMinutes(30))));
            if (dispatched.isAfter(at.plus(target))) {
                events.add(complaint.breached(SlaStage.DISPATCH, target));
            }
            if (i < 2) {
                events.add(complaint.resolved(crew, dispatched.plus(Duration.ofHours(1))));
            }
        }
        events.addAll(List.of(
                Complaint.shiftStarted("dishub-1", "DISHUB", Instant.parse("2026-02-27T00:00:00Z")),
                Complaint.shiftStarted("dishub-1", "DISHUB", Instant.parse("2026-02-27T00:05:00Z")),
                Complaint.shiftEnded("dishub-1", "DISHUB", Instant.parse("2026-02-27T12:00:00Z")),
                Complaint.shiftStarted("dishub-2", "DISHUB", Instant.parse("2026-02-28T00:00:00Z")),
                Complaint.shiftEnded("dishub-3", "DISHUB", Instant.parse("2026-02-28T06:00:00Z")),
                Complaint.shiftStarted("dishub-1", "DISHUB", Instant.parse("2026-03-01T00:00:00Z")),
                // a crew's clock far ahead: archived all the same, in the default partition
                Complaint.shiftEnded("dishub-2", "DISHUB", Instant.parse("2031-07-01T00:00:00Z"))));
        return events;
    }

    private static Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        TABLES.forEach((table, order) -> {
            String partition = table.equals("events") ? ", tableoid::regclass::text as stored_in" : "";
            List<Map<String, Object>> rows = ArchiveTables.rows(db, "select *" + partition + " from " + table + " order by " + order);
            rows.forEach(row -> row.remove("archived_at"));
            tables.put(table, rows);
        });
        return tables;
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("events", "event_id");
        tables.put("event_ids", "event_id");
        tables.put("complaint_state", "complaint_id");
        tables.put("crews", "crew_id");
        tables.put("shifts", "shift_id");
        tables.put("sla_outcomes", "event_id");
        tables.put("sla_remeasurements", "event_id, partition, \"offset\"");
        tables.put("dead_letters", "dead_letter_partition, dead_letter_offset");
        tables.put("consumer_offsets", "topic, partition");
        return tables;
    }
}
