package siaga.runtime.kafka;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import siaga.runtime.Service;

/**
 * A service that is one Streams application: started and stopped with it, ready while it is RUNNING.
 * Subclasses add their constructor (building the topology from config) and, where they serve HTTP, routes.
 */
public abstract class StreamsService implements Service {
    private final String name;
    private final StreamsRunner runner;

    protected StreamsService(String name, Topology topology, Properties props) {
        this.name = name;
        this.runner = new StreamsRunner(name, topology, props);
    }

    @Override
    public final String name() {
        return name;
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

    /** The running client, for Interactive Queries of the application's stores. */
    protected final KafkaStreams streams() {
        return runner.streams();
    }
}
