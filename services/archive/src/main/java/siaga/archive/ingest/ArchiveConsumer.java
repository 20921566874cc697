package siaga.archive.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.archive.ArchiveConfig;
import siaga.archive.ingest.ArchiveWriter.Written;
import siaga.archive.ingest.DeadLetterSender.DeadLetterFailedException;
import siaga.runtime.Service.Health;

/**
 * The archive's poll loop, on its own thread. It first prepares the database (migrations, partitions), retrying
 * with the same backoff while PostgreSQL does not answer, so that an archive started during an outage waits for
 * the database instead of failing the process it runs in. Then each poll's records are written to PostgreSQL in one transaction
 * together with the partitions' next offsets ({@link ArchiveWriter}). Offsets live only there: on assignment
 * each partition is positioned at its stored offset (or the beginning), and nothing is ever committed to Kafka.
 *
 * <p>When a batch cannot be stored (PostgreSQL down, a dead letter that cannot be written, an offset another
 * instance moved) the transaction is rolled back, every assigned partition is paused and, after a backoff that
 * doubles up to {@link ArchiveConfig#maxRetryBackoff()}, positioned again at its stored offset and resumed: the
 * same records are read again, none is skipped. Polling goes on meanwhile, so the instance stays in its group.
 *
 * <p>Pipelined: a batch is written on a writer thread while the poll thread fetches and decodes the next one,
 * and is handed to the writer only once the previous batch has committed (each batch's offsets are fenced
 * against the previous one's). When that previous batch failed, the batch decoded meanwhile is dropped unwritten:
 * its records are read again after the stored offsets. A rebalance waits for the batch in flight first, so a
 * partition is only given up, or positioned, once no write of it is pending.
 *
 * <p>{@link #lag()} keeps, for every record, the time from its Kafka timestamp to its batch's commit; the last
 * minute's figures are logged and shown by {@link #health()}.
 *
 * <p>Not thread-safe except {@link #health()}, {@link #lag()} and {@link #stop()}, which any thread may call.
 */
public final class ArchiveConsumer {
    private static final Logger log = LoggerFactory.getLogger(ArchiveConsumer.class);
    private static final Duration LAG_WINDOW = Duration.ofMinutes(1);

    /** Readies the database before the first poll: migrations and the like. Called again after a failure. */
    @FunctionalInterface
    public interface Preparation {
        void prepare() throws SQLException;
    }

    private final Consumer<String, byte[]> consumer;
    private final DeadLetterSender deadLetters;
    private final ArchiveWriter writer;
    private final Preparation preparation;
    private final ArchiveConfig config;
    private final Clock clock;
    private final Thread thread;
    private final ExecutorService writerThread;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ArchiveLag lag = new ArchiveLag();

    // touched only by the poll thread
    private final Map<TopicPartition, Long> storedOffsets = new HashMap<>();
    private Duration backoff;
    private long retryAtNanos;
    private boolean batchFailing;
    private InFlight inFlight;
    private long failedBatches;
    private long lagRolledNanos = System.nanoTime();

    // read by health() from any thread
    private final Set<TopicPartition> unpositioned = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean prepared;
    private volatile boolean assigned;
    private volatile int partitionCount;
    private volatile String failure;
    private volatile String stoppedBy;

    public ArchiveConsumer(Consumer<String, byte[]> consumer, Producer<String, byte[]> deadLetterProducer,
                           ArchiveWriter writer, Preparation preparation, ArchiveConfig config, String serviceName,
                           Clock clock) {
        this.consumer = consumer;
        this.deadLetters = new DeadLetterSender(deadLetterProducer, serviceName, clock);
        this.writer = writer;
        this.preparation = preparation;
        this.config = config;
        this.clock = clock;
        this.backoff = config.retryBackoff();
        this.thread = new Thread(this::run, serviceName + "-consumer");
        this.writerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, serviceName + "-writer"));
    }

    /** A batch handed to the writer thread, and what became of it. */
    private record InFlight(ConsumerRecords<String, byte[]> records, ArchiveBatch batch, Future<Written> written) {
    }

    /** The lag from Kafka to PostgreSQL of every record archived since start. */
    public ArchiveLag lag() {
        return lag;
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Wakes the poll loop, waits for it to finish its current batch and closes the consumer. Idempotent. */
    public void stop() {
        running = false;
        stopping.countDown();
        consumer.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ready once the database is prepared, partitions are assigned and positioned and the last database round-trip succeeded. */
    public Health health() {
        if (stoppedBy != null) {
            return Health.notReady("consumer stopped: " + stoppedBy);
        }
        if (!prepared) {
            String why = failure;
            return Health.notReady(why == null ? "preparing the database" : "preparing the database, retrying after a failure: " + why);
        }
        if (!assigned) {
            return Health.notReady("waiting for partition assignment");
        }
        if (failure != null) {
            return Health.notReady("retrying after a failure: " + failure);
        }
        if (!unpositioned.isEmpty()) {
            return Health.notReady("reading stored offsets of " + unpositioned.size() + " partitions");
        }
        ArchiveLag.Window lastMinute = lag.lastWindow();
        return Health.ready("archiving " + partitionCount + " partitions"
                + (lastMinute == null ? "" : "; lag from Kafka in the last minute: " + lastMinute));
    }

    private void run() {
        try {
            if (!prepare()) {
                return;
            }
            consumer.subscribe(ArchiveBatch.TOPICS, new Positioner());
            while (running) {
                if (!unpositioned.isEmpty() && retryDue()) {
                    position(Set.copyOf(unpositioned), false);
                }
                long failedBefore = failedBatches;
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout());
                // decoded while the batch before is still being written
                ArchiveBatch batch = records.isEmpty() ? null : ArchiveBatch.of(records);
                if (inFlight != null && (batch != null || inFlight.written().isDone())) {
                    complete();
                }
                if (batch != null && failedBatches == failedBefore) {
                    submit(records, batch);
                }
                rollLag();
            }
        } catch (WakeupException e) {
            if (running) {
                stoppedBy = "woken up while running";
                log.error("archive consumer woken up while running; it has stopped");
            }
        } catch (RuntimeException e) {
            stoppedBy = e.toString();
            log.error("archive consumer stopped", e);
        } finally {
            try {
                if (inFlight != null) {
                    complete();
                }
            } catch (RuntimeException e) {
                log.error("archive batch in flight failed while stopping", e);
            } finally {
                writerThread.shutdown();
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }
    }

    /**
     * True once prepared; false when stopped first. Like a batch, preparation is retried after any database or
     * migration failure (the reason on /ready and in one WARN line per attempt): an unreachable server is the
     * common case, and a broken connection does not always say so in its SQLState.
     */
    private boolean prepare() {
        while (running) {
            try {
                preparation.prepare();
                prepared = true;
                succeeded();
                return true;
            } catch (SQLException | FlywayException e) {
                failed("preparing the database", e);
            }
            try {
                stopping.await(Math.max(0, retryAtNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private Duration pollTimeout() {
        if (unpositioned.isEmpty()) {
            return config.pollTimeout();
        }
        long untilRetry = Math.max(0, retryAtNanos - System.nanoTime());
        return untilRetry < config.pollTimeout().toNanos() ? Duration.ofNanos(untilRetry) : config.pollTimeout();
    }

    private void submit(ConsumerRecords<String, byte[]> records, ArchiveBatch batch) {
        Map<TopicPartition, Long> expected = Map.copyOf(storedOffsets);
        inFlight = new InFlight(records, batch, writerThread.submit(() -> {
            ArchiveBatch checked = writer.withoutTakenTickets(batch);
            deadLetters.send(checked.refused());
            Written written = writer.write(checked, expected, clock.instant());
            deadLetters.committed(checked.nextOffsets());
            long committed = clock.millis();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.timestamp() >= 0) {
                    lag.record(record.timestamp(), committed);
                }
            }
            return written;
        }));
    }

    /** Waits for the batch in flight; on failure pauses every partition until it is positioned again. */
    private void complete() {
        InFlight done = inFlight;
        inFlight = null;
        Written written;
        try {
            written = waitFor(done.written());
        } catch (SQLException | OffsetConflictException | DeadLetterFailedException e) {
            failed("batch of " + done.records().count() + " records", e);
            failedBatches++;
            batchFailing = true;
            Set<TopicPartition> assignment = consumer.assignment();
            consumer.pause(assignment);
            unpositioned.addAll(assignment);
            return;
        }
        ArchiveBatch batch = done.batch();
        storedOffsets.putAll(batch.nextOffsets());
        batchFailing = false;
        succeeded();
        log.debug("archived {} events ({} already archived), {} complaint states, {} crews, {} shifts, {} SLA outcomes"
                        + " ({} re-measured), {} dead letters, {} refused; next {}", written.events(),
                written.duplicateEvents(), written.complaints(), written.crews(), written.shifts(),
                written.slaOutcomes(), written.slaRemeasurements(), written.deadLetters(), written.refused(),
                describe(batch.nextOffsets()));
    }

    // the write's own exceptions as thrown; anything else stops the consumer, as it would on the poll thread
    private static Written waitFor(Future<Written> written)
            throws SQLException, OffsetConflictException, DeadLetterFailedException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return written.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof OffsetConflictException conflict) {
                throw conflict;
            }
            if (cause instanceof DeadLetterFailedException deadLetter) {
                throw deadLetter;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("archive batch failed", cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void rollLag() {
        long now = System.nanoTime();
        if (now - lagRolledNanos < LAG_WINDOW.toNanos()) {
            return;
        }
        lagRolledNanos = now;
        ArchiveLag.Window window = lag.roll();
        if (window.count() > 0) {
            log.info("archive lag from Kafka to PostgreSQL in the last minute: {}", window);
        }
    }

    /** Seeks each partition to its stored offset, or the beginning, and resumes it; on failure leaves it paused. */
    private void position(Collection<TopicPartition> partitions, boolean assignment) {
        if (partitions.isEmpty()) {
            log.info("archive assigned no partitions");
            return;
        }
        Map<TopicPartition, Long> offsets;
        try {
            offsets = writer.loadOffsets(partitions);
        } catch (SQLException e) {
            failed("reading the stored offsets of " + partitions.size() + " partitions", e);
            return;
        }
        for (TopicPartition partition : partitions) {
            storedOffsets.remove(partition);
            Long offset = offsets.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(Set.of(partition));
            } else {
                consumer.seek(partition, offset);
                storedOffsets.put(partition, offset);
            }
        }
        unpositioned.removeAll(partitions);
        consumer.resume(partitions);
        // reading offsets is no proof that the failing batch will now go through; only its commit is
        if (!batchFailing) {
            succeeded();
        }
        if (assignment) {
            log.info("archive assigned {}, resuming at {}", describe(partitions), describeOffsets(partitions, offsets));
        } else {
            log.debug("archive retrying {} from {}", describe(partitions), describeOffsets(partitions, offsets));
        }
    }

    private boolean retryDue() {
        return failure == null || System.nanoTime() - retryAtNanos >= 0;
    }

    private void succeeded() {
        if (failure != null) {
            log.info("archive recovered after: {}", failure);
        }
        failure = null;
        backoff = config.retryBackoff();
    }

    private void failed(String what, Exception e) {
        String reason = reason(e);
        failure = reason;
        retryAtNanos = System.nanoTime() + backoff.toNanos();
        log.warn("archive {} failed, retrying in {}: {}", what, backoff, reason);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : doubled;
    }

    // one line: PostgreSQL's detail lines may quote row values
    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        return e instanceof SQLException sql && sql.getSQLState() != null
                ? "SQLState " + sql.getSQLState() + ": " + firstLine
                : firstLine;
    }

    private static String describe(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Map<TopicPartition, Long> offsets) {
        return describeOffsets(offsets.keySet(), offsets);
    }

    private static String describeOffsets(Collection<TopicPartition> partitions, Map<TopicPartition, Long> offsets) {
        return partitions.stream().sorted(Comparator.comparing(TopicPartition::toString))
                .map(p -> p + "@" + (offsets.containsKey(p) ? offsets.get(p).toString() : "start"))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private void forget(Collection<TopicPartition> partitions) {
        storedOffsets.keySet().removeAll(partitions);
        deadLetters.forget(partitions);
        unpositioned.removeAll(partitions);
        partitionCount = (int) consumer.assignment().stream().filter(p -> !partitions.contains(p)).count();
    }

    /** Positions newly assigned partitions from PostgreSQL; runs on the poll thread, inside poll(). */
    private final class Positioner implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                complete();
            }
            assigned = true;
            partitionCount = consumer.assignment().size();
            // paused until positioned: fetching from Kafka's own idea of the position would skip or repeat records
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            if (retryDue()) {
                position(partitions, true);
            } else {
                log.info("archive assigned {}, resuming at the stored offsets once the failing batch is retried",
                        describe(partitions));
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                complete();
            }
            forget(partitions);
            if (!partitions.isEmpty()) {
                log.info("archive revoked {}", describe(partitions));
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                complete();
            }
            forget(partitions);
            log.info("archive lost {}", describe(partitions));
        }
    }
}
