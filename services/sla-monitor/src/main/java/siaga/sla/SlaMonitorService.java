package siaga.sla;

import java.time.Clock;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.StreamsPeers;
import siaga.runtime.kafka.StreamsService;
import siaga.sla.stream.SlaStream;
import siaga.sla.summary.SlaRoutes;
import siaga.sla.summary.SlaStores;
import siaga.sla.summary.StageHistogram;
import siaga.runtime.access.RouteTable;

/**
 * The SLA monitor as a service: the {@link SlaTopology} Streams application, the query routes over its
 * aggregation stores ({@link SlaRoutes}) and the live stream of what it publishes ({@link SlaStream}).
 * Ready while the application is RUNNING.
 */
public final class SlaMonitorService extends StreamsService {
    private final Clock clock;
    private final ReferenceCatalog reference;
    private final SlaStream stream;
    private final SiagaConfig config;

    public SlaMonitorService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        this(config, SlaMonitorConfig.from(config), reference, clock);
    }

    private SlaMonitorService(SiagaConfig config, SlaMonitorConfig settings, ReferenceCatalog reference, Clock clock) {
        super(SlaTopology.SERVICE, SlaTopology.build(reference, clock, settings.catchUp()), settings.streams());
        this.clock = clock;
        this.reference = reference;
        this.stream = new SlaStream(config);
        this.config = config;
    }

    @Override
    public void start() {
        stream.start();
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        stream.stop();
    }

    @Override
    public void routes(RouteTable routes) {
        SlaStores stores = new SlaStores() {
            @Override
            public ReadOnlyKeyValueStore<String, StageHistogram> buckets() {
                return store(SlaTopology.BUCKET_STORE);
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> openByDimension() {
                return store(SlaTopology.OPEN_BY_DIMENSION_STORE);
            }

            @Override
            public ReadOnlyKeyValueStore<String, Long> counters() {
                return store(SlaTopology.COUNTER_STORE);
            }
        };
        new SlaRoutes(stores, StreamsPeers.of(this::streams, config), SlaTopology.BUCKET_STORE,
                jurisdiction -> SlaTopology.zoneOf(reference, jurisdiction), clock).register(routes);
        stream.register(routes, SlaRoutes.READERS);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }
}
