package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Topics;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * The archive killed without a clean shutdown (SIGKILL, mid-stream, possibly mid-transaction) and started
 * again archives every event exactly once: it resumes from the offsets committed with the data, not from
 * Kafka's, and not from the beginning.
 */
class ArchiveRestartIT {
    static final int COMPLAINTS = 500;
    static final int EVENTS = COMPLAINTS * 4;
    static final int KILL_AFTER = 400;
    static TestKafka kafka;
    static TestDatabase db;
    static SiagaConfig config;
    final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        config = db.applyTo(kafka.config());
    }

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
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
    void archivesEveryEventExactlyOnceAfterBeingKilledMidStream() throws Exception {
        List<ProducerRecord<String, byte[]>> stream = new ArrayList<>();
        Set<UUID> produced = new HashSet<>();
        Instant start = Instant.parse("2026-03-02T01:00:00Z");
        for (int i = 0; i < COMPLAINTS; i++) {
            ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-%06d".formatted(i + 1), start.plusSeconds(i));
            String key = story.complaintId().toString();
            stream.add(record(Topics.COMPLAINTS.name(), key, story.reported()));
            stream.add(record(Topics.DISPATCH.name(), key, story.dispatched()));
            stream.add(record(Topics.FIELD.name(), key, story.acknowledged()));
            stream.add(record(Topics.FIELD.name(), key, story.resolved()));
            story.lifecycle().forEach(e -> produced.add(e.eventId()));
        }
        assertThat(produced).hasSize(EVENTS);

        Process first = startArchive("first");
        CountDownLatch firstIsArchiving = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(stream, firstIsArchiving, sent));
        Await.until("the first archive archiving", Duration.ofSeconds(60), () -> archivedEvents() > 0);
        firstIsArchiving.countDown();
        Await.until(KILL_AFTER + " events archived", Duration.ofSeconds(60), () -> archivedEvents() >= KILL_AFTER);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(producing).as("killed while events were still being produced").isNotDone();

        // what the killed archive committed: rows and offsets agree, as they were written in one transaction
        Map<TopicPartition, Long> committedOffsets = stableOffsets();
        long committedEvents = archivedEvents();
        assertThat(committedEvents).isBetween((long) KILL_AFTER, (long) EVENTS - 1);
        assertThat(committedOffsets.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(committedEvents);

        Process second = startArchive("second");
        producing.get(60, TimeUnit.SECONDS);
        assertThat(sent.get()).isEqualTo(EVENTS);
        Await.until("every event archived", Duration.ofSeconds(90), () -> archivedEvents() >= EVENTS);
        Await.until("stored offsets at the end of every partition", Duration.ofSeconds(30),
                () -> ArchiveTables.storedOffsets(db).equals(ArchiveTables.endOffsets(kafka.bootstrapServers())));

        assertThat(archivedEvents()).isEqualTo(EVENTS);
        Set<UUID> archived = new HashSet<>();
        ArchiveTables.rows(db, "select event_id from events").forEach(row -> archived.add((UUID) row.get("event_id")));
        assertThat(archived).isEqualTo(produced);
        assertThat(ArchiveTables.rows(db, "select status, count(*) as complaints from complaint_state group by status"))
                .containsExactly(Map.of("status", "resolved", "complaints", (long) COMPLAINTS));
        assertThat(ArchiveTables.count(db, "select count(*) from dead_letters")).isZero();

        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // the second archive took up each partition where the first one's last commit ended
        String secondLog = Files.readString(logOf("second"));
        assertThat(secondLog).contains("archive assigned ");
        committedOffsets.forEach((partition, offset) -> assertThat(secondLog).contains(partition + "@" + offset));
    }

    private void produce(List<ProducerRecord<String, byte[]>> stream, CountDownLatch firstIsArchiving, AtomicInteger sent) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "restart-it"))) {
            for (int i = 0; i < stream.size(); i++) {
                if (i == 100) {
                    producer.flush();
                    if (!firstIsArchiving.await(90, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the first archive never started archiving");
                    }
                }
                producer.send(stream.get(i)).get();
                sent.incrementAndGet();
                if (i > 100 && i % 4 == 0) {
                    // about 400 events a second, so that the kill falls in the middle of the stream
                    Thread.sleep(10);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing the stream failed after " + sent.get() + " records", e);
        }
    }

    private Process startArchive(String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ArchiveMain.class.getName());
        builder.directory(Files.createTempDirectory("archive-" + name + "-").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SIAGA_"));
        env.put(SiagaConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        env.put(SiagaConfig.DB_URL, Database.url(config));
        env.put(SiagaConfig.DB_USER, config.get(SiagaConfig.DB_USER, "postgres"));
        env.put(SiagaConfig.DB_PASSWORD, config.get(SiagaConfig.DB_PASSWORD, ""));
        env.put(SiagaConfig.DB_SCHEMA, db.schema());
        env.put(SiagaConfig.HTTP_PORT, "0");
        env.put(SiagaConfig.APP_ID_PREFIX, config.appIdPrefix());
        // small batches: many transactions, so the kill is likely to fall inside one
        env.put(ArchiveConfig.MAX_POLL_RECORDS, "50");
        // the group hands the dead archive's partitions over as soon as the broker allows
        env.put(ArchiveConfig.SESSION_TIMEOUT, "PT6S");
        builder.redirectErrorStream(true);
        builder.redirectOutput(logOf(name).toFile());
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private static Path logOf(String name) {
        return Path.of("target", "archive-restart-" + name + ".log").toAbsolutePath();
    }

    private static long archivedEvents() {
        return ArchiveTables.count(db, "select count(*) from events");
    }

    // a transaction whose commit was in flight at the kill may still land: read until two reads agree
    private static Map<TopicPartition, Long> stableOffsets() throws InterruptedException {
        Map<TopicPartition, Long> previous = ArchiveTables.storedOffsets(db);
        while (true) {
            Thread.sleep(500);
            Map<TopicPartition, Long> current = ArchiveTables.storedOffsets(db);
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, Event<?> event) {
        return new ProducerRecord<>(topic, key, EventCodec.encode(event));
    }
}
