package siaga.sla;

import io.javalin.Javalin;
import java.time.Clock;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.Service;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.StreamsRunner;
import siaga.sla.summary.SlaRoutes;
import siaga.sla.summary.StageHistogram;

/**
 * The SLA monitor as a {@link Service}: the {@link SlaTopology} Streams application and the summary route
 * over its histogram store. Ready while the application is RUNNING.
 */
public final class SlaMonitorService implements Service {
    private final StreamsRunner runner;
    private final Clock clock;

    public SlaMonitorService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        this.runner = new StreamsRunner(SlaTopology.SERVICE, SlaTopology.build(reference, clock),
                SlaMonitorConfig.from(config).streams());
        this.clock = clock;
    }

    @Override
    public String name() {
        return SlaTopology.SERVICE;
    }

    @Override
    public void start() {
        runner.start();
    }

    @Override
    public void stop() {
        runner.stop();
    }

    @Override
    public Health health() {
        return runner.health();
    }

    @Override
    public void routes(Javalin app) {
        new SlaRoutes(this::histograms, clock).register(app);
    }

    private ReadOnlyKeyValueStore<String, StageHistogram> histograms() {
        return runner.streams().store(StoreQueryParameters.fromNameAndType(SlaTopology.HISTOGRAM_STORE,
                QueryableStoreTypes.keyValueStore()));
    }
}
