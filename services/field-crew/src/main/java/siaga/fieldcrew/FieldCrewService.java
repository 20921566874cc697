package siaga.fieldcrew;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.Service;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.RouteTable;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.StreamsRunner;

/**
 * The field-crew service: the crews' HTTP API ({@link FieldCrewRoutes}), which writes {@code crews} (roll calls,
 * location reports) and {@code field} (job transitions), checked against the read model of
 * {@link FieldCrewTopology}, which reads {@code complaints}, {@code dispatch}, {@code field} and {@code crews}. Ready once that view's Streams
 * application is RUNNING; before that, requests that need the view answer 503.
 */
public final class FieldCrewService implements Service {
    public static final String NAME = "field-crew";

    private final StreamsRunner view;
    private final Producer<String, byte[]> producer;
    private final FieldCrewRoutes routes;
    private final AtomicBoolean stopped = new AtomicBoolean();

    public FieldCrewService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        FieldCrewConfig settings = FieldCrewConfig.from(config);
        this.view = new StreamsRunner(FieldCrewTopology.APPLICATION_NAME, FieldCrewTopology.build(reference, clock),
                KafkaSettings.streams(config, FieldCrewTopology.APPLICATION_NAME));
        this.producer = new KafkaProducer<>(KafkaSettings.producer(config, config.appIdPrefix() + "-" + NAME));
        FieldCrewViews views = new FieldCrewViews(view.streams());
        EventWriter writer = new EventWriter(producer, settings.writeTimeout());
        RollCall rollCall = new RollCall(reference, views, writer, clock, settings.viewWait());
        this.routes = new FieldCrewRoutes(reference, rollCall,
                new JobTransitions(reference, views, writer, clock, settings.viewWait()),
                new LocationReports(rollCall, writer, clock, settings.locationInterval()),
                views, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        view.start();
    }

    @Override
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            view.stop();
            producer.close(Duration.ofSeconds(10));
        }
    }

    @Override
    public Health health() {
        return view.health();
    }

    @Override
    public void routes(RouteTable table) {
        routes.register(table);
    }
}
