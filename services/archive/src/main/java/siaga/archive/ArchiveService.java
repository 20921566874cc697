package siaga.archive;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.archive.ingest.ArchiveBatch;
import siaga.archive.ingest.ArchiveConsumer;
import siaga.archive.ingest.ArchiveLag;
import siaga.archive.ingest.ArchiveWriter;
import siaga.archive.report.ReportReader;
import siaga.archive.search.ComplaintSearch;
import siaga.archive.timeline.TimelineReader;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.Service;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.access.RouteTable;

/**
 * The archive: every event of the event topics and every dead letter in PostgreSQL, with the current state of
 * every complaint and crew, shifts and SLA outcomes, effectively once (the Kafka offsets are stored in the same
 * transactions as the rows); complaint search, timelines and reports over HTTP. It keeps what the events say
 * and does not judge them against the reference data, which it uses only for each jurisdiction's time zone;
 * it writes only to {@code dead-letter}, and only records it cannot archive.
 *
 * <p>{@link #start()} starts the consumer thread, which first applies the migrations in {@code db/archive},
 * waiting for PostgreSQL if it does not answer, so that the archive never stops the process it runs in. The
 * routes answer from the first request, with 503 while the database is down. {@link ArchiveRebuild} empties the
 * archive and replays every topic.
 */
public final class ArchiveService implements Service {
    public static final String NAME = "archive";
    private static final Logger log = LoggerFactory.getLogger(ArchiveService.class);

    private final SiagaConfig config;
    private final ArchiveConfig archiveConfig;
    private final ReferenceCatalog reference;
    private final Clock clock;
    private final HikariDataSource dataSource;
    private volatile ArchiveConsumer consumer;
    private KafkaProducer<String, byte[]> deadLetterProducer;
    private boolean stopped;

    /** {@code reference} gives each jurisdiction's time zone, in which searches and reports show time. */
    public ArchiveService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        this.config = config;
        this.archiveConfig = ArchiveConfig.from(config);
        this.reference = reference;
        this.clock = clock;
        // created here, not in start(), because routes are registered before start and query it
        this.dataSource = Database.dataSource(config, NAME, archiveConfig.databasePoolSize());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void start() {
        if (consumer != null) {
            return;
        }
        Properties consumerProps = KafkaSettings.consumer(config, NAME);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, config.appIdPrefix() + "-" + NAME);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, archiveConfig.maxPollRecords());
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) archiveConfig.sessionTimeout().toMillis());
        deadLetterProducer = new KafkaProducer<>(KafkaSettings.producer(config, config.appIdPrefix() + "-" + NAME));
        ArchiveWriter writer = new ArchiveWriter(dataSource);
        consumer = new ArchiveConsumer(new KafkaConsumer<>(consumerProps), deadLetterProducer, writer, () -> {
            Database.migrate(dataSource, config, NAME);
            writer.prepare(clock.instant());
        }, archiveConfig, NAME, clock);
        consumer.start();
        log.info("archive consuming {} as group {}", ArchiveBatch.TOPICS, consumerProps.get(ConsumerConfig.GROUP_ID_CONFIG));
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (consumer != null) {
            consumer.stop();
            deadLetterProducer.close();
        }
        dataSource.close();
    }

    /** The lag from Kafka to PostgreSQL of every record archived since {@link #start()}; throws before it. */
    public ArchiveLag lag() {
        ArchiveConsumer running = consumer;
        if (running == null) {
            throw new IllegalStateException("the archive is not started");
        }
        return running.lag();
    }

    @Override
    public Health health() {
        ArchiveConsumer running = consumer;
        return running == null ? Health.notReady("not started") : running.health();
    }

    @Override
    public void routes(RouteTable routes) {
        new ArchiveRoutes(new TimelineReader(dataSource), new ComplaintSearch(dataSource), new ReportReader(dataSource),
                reference, clock).register(routes);
    }
}
