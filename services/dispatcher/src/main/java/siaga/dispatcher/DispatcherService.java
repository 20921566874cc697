package siaga.dispatcher;

import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.Service;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.StreamsRunner;

/** The dispatcher as a {@link Service}: its topology in one Streams application, ready once RUNNING. */
public final class DispatcherService implements Service {
    private final StreamsRunner runner;

    /** Validates the settings and builds the Streams client; connects to nothing until {@link #start()}. */
    public DispatcherService(SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        this.runner = new StreamsRunner(DispatcherTopology.SERVICE, DispatcherTopology.build(reference, clock),
                DispatcherConfig.from(config).streams());
    }

    @Override
    public String name() {
        return DispatcherTopology.SERVICE;
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

    /** The running client, for querying the board's stores. */
    KafkaStreams streams() {
        return runner.streams();
    }
}
