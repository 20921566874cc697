package siaga.sla;

import io.javalin.Javalin;
import java.time.Clock;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.StreamsService;
import siaga.sla.summary.SlaRoutes;
import siaga.sla.summary.StageHistogram;

/**
 * The SLA monitor as a service: the {@link SlaTopology} Streams application and the summary route
 * over its histogram store. Ready while the application is RUNNING.
 */
public final class SlaMonitorService extends StreamsService {
    private final Clock clock;

    public SlaMonitorService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        super(SlaTopology.SERVICE, SlaTopology.build(reference, clock), SlaMonitorConfig.from(config).streams());
        this.clock = clock;
    }

    @Override
    public void routes(Javalin app) {
        new SlaRoutes(this::histograms, clock).register(app);
    }

    private ReadOnlyKeyValueStore<String, StageHistogram> histograms() {
        return streams().store(StoreQueryParameters.fromNameAndType(SlaTopology.HISTOGRAM_STORE,
                QueryableStoreTypes.keyValueStore()));
    }
}
