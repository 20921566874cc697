package siaga.dispatcher;

import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.StreamsService;
import siaga.runtime.access.RouteTable;

/**
 * The dispatcher as a service: its topology in one Streams application, ready once RUNNING, and
 * {@code GET /api/dispatch/{complaintId}/explain} ({@link DispatcherRoutes}).
 */
public final class DispatcherService extends StreamsService {
    /** Validates the settings and builds the Streams client; connects to nothing until {@link #start()}. */
    public DispatcherService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        super(DispatcherTopology.SERVICE, DispatcherTopology.build(reference, DispatcherConfig.from(config).rules(), clock),
                DispatcherConfig.from(config).streams());
    }

    @Override
    public void routes(RouteTable routes) {
        new DispatcherRoutes(this::streams).register(routes);
    }

    /** The running client, for querying the board's stores in tests. */
    KafkaStreams client() {
        return streams();
    }
}
