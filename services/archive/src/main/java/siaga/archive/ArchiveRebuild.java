package siaga.archive;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.archive.ingest.ArchiveBatch;
import siaga.archive.ingest.ArchiveWriter;
import siaga.archive.ingest.DeadLetterSender;
import siaga.archive.ingest.OffsetConflictException;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.runtime.kafka.KafkaSettings;

/**
 * {@code siaga archive --rebuild}: empties the archive and replays every topic it reads from the start, so that
 * the database can always be rebuilt from Kafka. The complaint topics keep their records forever; {@code crews}
 * and {@code dead-letter} keep theirs for 90 and 30 days (infra/kafka/topics.yaml), so a rebuild holds only the
 * shifts and dead letters those still have.
 *
 * <p>In order: refuse if the archive's consumer group has members (a running archive would write beside the
 * rebuild); apply the migrations; in one transaction read the stored offsets and truncate every table, offsets
 * included; capture each partition's end offset (of committed records); then archive from the beginning up to
 * those end offsets with the archive's own {@link ArchiveWriter}, batch by batch, each batch with its offsets, and
 * return. The archive started afterwards resumes from the offsets the rebuild stored.
 *
 * <p>A record the archive refuses is not dead-lettered again if it lies before the offset the archive had stored
 * (the archive sent its dead letter before passing it, and the rebuild replays that dead letter from
 * {@code dead-letter}); beyond it the archive never read it, and the rebuild sends its dead letter as the archive
 * would. A rebuild that fails is run again: it starts by emptying the archive. (Run again after a failure, it
 * knows only the offsets the failed rebuild stored, so records refused between those and the archive's former
 * offsets are dead-lettered a second time.)
 */
public final class ArchiveRebuild {
    private static final Logger log = LoggerFactory.getLogger(ArchiveRebuild.class);
    private static final String TABLES =
            "events, event_ids, complaint_state, crews, shifts, sla_outcomes, sla_remeasurements, dead_letters,"
                    + " consumer_offsets";
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    private ArchiveRebuild() {
    }

    /** What a rebuild replayed: records read, events and dead letters archived, records refused. */
    public record Result(long records, long events, long deadLetters, long refused, Duration took) {
    }

    public static Result run(SiagaConfig config) {
        return run(config, Clock.systemUTC());
    }

    /**
     * Rebuilds the archive configured by {@code config}. Throws IllegalStateException when the archive is running
     * or the rebuild fails (the message says why; the archive is then partly rebuilt and the rebuild must be run
     * again).
     */
    public static Result run(SiagaConfig config, Clock clock) {
        long started = System.nanoTime();
        ArchiveConfig archiveConfig = ArchiveConfig.from(config);
        refuseWhileArchiveRuns(config);
        String client = config.appIdPrefix() + "-" + ArchiveService.NAME + "-rebuild";
        Properties consumerProps = KafkaSettings.consumer(config, ArchiveService.NAME + "-rebuild");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, client);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (HikariDataSource dataSource = Database.dataSource(config, ArchiveService.NAME + "-rebuild", 2);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, client))) {
            Database.migrate(dataSource, config, ArchiveService.NAME);
            ArchiveWriter writer = new ArchiveWriter(dataSource);
            writer.prepare(clock.instant());
            Map<TopicPartition, Long> archivedBefore = empty(dataSource);

            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : ArchiveBatch.TOPICS) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> remaining = new HashSet<>(partitions);
            remaining.removeIf(p -> consumer.position(p) >= end.get(p));
            log.info("rebuild: emptied the archive; replaying {} partitions up to {} records", partitions.size(),
                    end.values().stream().mapToLong(Long::longValue).sum());

            DeadLetterSender deadLetters = new DeadLetterSender(producer, ArchiveService.NAME, clock);
            Map<TopicPartition, Long> stored = new HashMap<>();
            long records = 0;
            long events = 0;
            long letters = 0;
            long refused = 0;
            long nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
            while (!remaining.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> replayed = new ArrayList<>();
                // records written after the rebuild started are left to the archive, which reads on from here
                consumer.poll(archiveConfig.pollTimeout()).forEach(record -> {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        replayed.add(record);
                    }
                });
                if (!replayed.isEmpty()) {
                    ArchiveBatch batch = writer.withoutTakenTickets(ArchiveBatch.of(replayed));
                    deadLetters.send(batch.refused().stream().filter(r -> r.offset()
                            >= archivedBefore.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)).toList());
                    ArchiveWriter.Written written = writer.write(batch, stored, clock.instant());
                    stored.putAll(batch.nextOffsets());
                    deadLetters.committed(batch.nextOffsets());
                    records += replayed.size();
                    events += written.events();
                    letters += written.deadLetters();
                    refused += written.refused();
                }
                remaining.removeIf(p -> consumer.position(p) >= end.get(p));
                if (System.nanoTime() - nextProgress >= 0) {
                    log.info("rebuild: {} records replayed, {} partitions to go", records, remaining.size());
                    nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
                }
            }
            Result result = new Result(records, events, letters, refused, Duration.ofNanos(System.nanoTime() - started));
            log.info("rebuild: done in {} ms: {} records, {} events, {} dead letters, {} refused", result.took().toMillis(),
                    records, events, letters, refused);
            return result;
        } catch (SQLException | OffsetConflictException | DeadLetterSender.DeadLetterFailedException e) {
            throw new IllegalStateException("the rebuild failed; run it again: " + e.getMessage(), e);
        }
    }

    // one transaction: the offsets as they were, then nothing
    private static Map<TopicPartition, Long> empty(HikariDataSource dataSource) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select topic, partition, next_offset from consumer_offsets for update")) {
                    while (rs.next()) {
                        offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                    }
                }
                s.execute("truncate " + TABLES);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return offsets;
    }

    private static void refuseWhileArchiveRuns(SiagaConfig config) {
        String group = config.appIdPrefix() + "-" + ArchiveService.NAME;
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get();
            if (!description.members().isEmpty()) {
                throw new IllegalStateException("the archive is running (consumer group " + group + " has "
                        + description.members().size() + " members); stop it before rebuilding");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("cannot tell whether the archive is running: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
