package siaga.intake;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.intake.open311.Open311Routes;
import siaga.intake.place.Gazetteer;
import siaga.intake.report.ComplaintIntake;
import siaga.intake.report.IdempotencyKeys;
import siaga.intake.track.TrackRoutes;
import siaga.intake.report.TicketNumbers;
import siaga.intake.view.ComplaintViews;
import siaga.runtime.Service;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.RouteTable;
import siaga.runtime.db.Database;
import siaga.runtime.http.ProblemException;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.StreamsPeers;
import siaga.runtime.kafka.StreamsRunner;

/**
 * Intake: the operator API that validates complaints, numbers them and writes them to {@code complaints}
 * (the topic's only writer), and the operator's view of each complaint, folded from {@code complaints},
 * {@code dispatch} and {@code field} by {@link IntakeTopology}.
 *
 * <p>Besides the operator API ({@link IntakeRoutes}) it serves the public tracking page ({@link TrackRoutes})
 * and Open311 GeoReport v2 ({@link Open311Routes}). Owns the {@code db/intake} migrations (ticket sequences,
 * idempotency keys). A database that is down at start does not stop the service: it is reported in
 * {@link #health()}, and the migration is retried until it succeeds. Sign-in is the host's
 * ({@link siaga.runtime.access.SessionRoutes}); the public endpoints share the host's per-address rate limiter.
 */
public final class IntakeService implements Service {
    public static final String NAME = "intake";
    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    private final SiagaConfig config;
    private final IntakeConfig settings;
    private final ReferenceCatalog reference;
    private final Clock clock;
    private final Object migrationLock = new Object();
    private volatile boolean migrated;
    private volatile Running running;

    private record Running(HikariDataSource dataSource, Producer<String, byte[]> producer, StreamsRunner view,
                           TicketNumbers tickets, ComplaintIntake intake, ComplaintViews views, IdempotencyKeys keys) {
    }

    public IntakeService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        this.config = config;
        this.settings = IntakeConfig.from(config);
        this.reference = reference;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        HikariDataSource dataSource = Database.dataSource(config, NAME, settings.databasePoolSize());
        Producer<String, byte[]> producer = null;
        StreamsRunner view = null;
        try {
            migrate(dataSource);
            producer = new KafkaProducer<>(producerProperties());
            view = new StreamsRunner(IntakeTopology.APPLICATION_NAME, IntakeTopology.build(clock, reference),
                    KafkaSettings.streams(config, IntakeTopology.APPLICATION_NAME));
            TicketNumbers tickets = new TicketNumbers(dataSource, settings.ticketBlock());
            Running started = new Running(dataSource, producer, view, tickets,
                    new ComplaintIntake(tickets, producer, settings.sendTimeout(), clock),
                    new ComplaintViews(view.streams(), IntakeTopology.COMPLAINT_VIEW_STORE, IntakeTopology.TICKET_STORE,
                            IntakeTopology.NEARBY_STORE),
                    new IdempotencyKeys(dataSource, clock));
            view.start();
            running = started;
        } catch (RuntimeException e) {
            if (view != null) {
                view.stop();
            }
            if (producer != null) {
                producer.close();
            }
            dataSource.close();
            throw e;
        }
    }

    @Override
    public synchronized void stop() {
        Running r = running;
        if (r == null) {
            return;
        }
        running = null;
        r.view().stop();
        r.producer().close();
        r.dataSource().close();
    }

    @Override
    public Health health() {
        Running r = running;
        if (r == null) {
            return Health.notReady("not started");
        }
        Health view = r.view().health();
        String database;
        boolean databaseReady = false;
        if (!migrate(r.dataSource())) {
            database = "database not migrated";
        } else {
            try {
                r.tickets().check();
                database = "database answered";
                databaseReady = true;
            } catch (SQLException e) {
                database = "database unavailable: " + e.getMessage();
            }
        }
        String detail = view.detail() + "; " + database;
        return view.ready() && databaseReady ? Health.ready(detail) : Health.notReady(detail);
    }

    @Override
    public void routes(RouteTable routes) {
        Gazetteer places = new Gazetteer(reference);
        StreamsPeers peers = StreamsPeers.of(() -> running().view().streams(), config);
        new IntakeRoutes(places, this::intake, () -> running().views(), this::idempotencyKeys, peers, clock).register(routes);
        new TrackRoutes(reference, () -> running().views(), routes.limiter(), peers).register(routes);
        new Open311Routes(places, reference, this::intake, () -> running().views(), routes.limiter(), peers, clock)
                .register(routes);
    }

    private ComplaintIntake intake() {
        Running r = running();
        if (!migrate(r.dataSource())) {
            throw ProblemException.unavailable("intake's database is not ready; please try again");
        }
        return r.intake();
    }

    private IdempotencyKeys idempotencyKeys() {
        Running r = running();
        if (!migrate(r.dataSource())) {
            throw ProblemException.unavailable("intake's database is not ready; please try again");
        }
        return r.keys();
    }

    private Running running() {
        Running r = running;
        if (r == null) {
            throw ProblemException.unavailable("intake is not running");
        }
        return r;
    }

    /** Applies {@code db/intake} once; false (and a warning) while the database cannot be migrated. */
    private boolean migrate(HikariDataSource dataSource) {
        if (migrated) {
            return true;
        }
        synchronized (migrationLock) {
            if (!migrated) {
                try {
                    Database.migrate(dataSource, config, NAME);
                    migrated = true;
                } catch (FlywayException e) {
                    log.warn("database {} not migrated yet: {}", Database.url(config), e.getMessage());
                }
            }
            return migrated;
        }
    }

    /** The shared idempotent acks=all producer, bounded so that a send's outcome is known within the timeout. */
    private Properties producerProperties() {
        Properties props = KafkaSettings.producer(config, NAME + "-complaints");
        long timeoutMillis = settings.sendTimeout().toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (timeoutMillis / 2));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
        return props;
    }
}
