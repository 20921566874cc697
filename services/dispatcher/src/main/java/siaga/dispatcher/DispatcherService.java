package siaga.dispatcher;

import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.RouteTable;
import siaga.runtime.kafka.StreamsPeers;
import siaga.runtime.kafka.StreamsService;

/**
 * The dispatcher as a service: its topology in one Streams application, ready once RUNNING, and
 * {@code GET /api/dispatch/{complaintId}/explain} ({@link DispatcherRoutes}).
 */
public final class DispatcherService extends StreamsService {
    /** Validates the settings and builds the Streams client; connects to nothing until {@link #start()}. */
    private final SiagaConfig config;

    public DispatcherService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        super(DispatcherTopology.SERVICE, DispatcherTopology.build(reference, DispatcherConfig.from(config).rules(), clock),
                DispatcherConfig.from(config).streams());
        this.config = config;
    }

    @Override
    public void routes(RouteTable routes) {
        new DispatcherRoutes(this::streams, StreamsPeers.of(this::streams, config)).register(routes);
    }

    /** The running client, for querying the board's stores in tests. */
    KafkaStreams client() {
        return streams();
    }
}
