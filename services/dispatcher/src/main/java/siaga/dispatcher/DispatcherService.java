package siaga.dispatcher;

import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.StreamsService;

/** The dispatcher as a service: its topology in one Streams application, ready once RUNNING. */
public final class DispatcherService extends StreamsService {
    /** Validates the settings and builds the Streams client; connects to nothing until {@link #start()}. */
    public DispatcherService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        super(DispatcherTopology.SERVICE, DispatcherTopology.build(reference, clock), DispatcherConfig.from(config).streams());
    }

    /** The running client, for querying the board's stores in tests. */
    KafkaStreams client() {
        return streams();
    }
}
