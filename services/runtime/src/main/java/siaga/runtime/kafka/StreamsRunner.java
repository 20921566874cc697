package siaga.runtime.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.runtime.Service;

/**
 * Runs one Streams application for a service: start, a health that is ready only in RUNNING state, and a
 * clean close. A failure no handler covers stops the client and shows in health; it is not retried blindly,
 * because a bug that fails once on a record fails again on it.
 */
public final class StreamsRunner {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final String name;
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public StreamsRunner(String name, Topology topology, Properties props) {
        this.name = name;
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            failure.set(e);
            log.error("{} streams failed; shutting down this client", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> log.info("{} streams {} -> {}", name, before, now));
    }

    public KafkaStreams streams() {
        return streams;
    }

    public void start() {
        streams.start();
    }

    public void stop() {
        streams.close(Duration.ofSeconds(30));
    }

    public Service.Health health() {
        KafkaStreams.State state = streams.state();
        Throwable failed = failure.get();
        if (failed != null) {
            return Service.Health.notReady(name + " streams failed: " + failed.getMessage());
        }
        return state == KafkaStreams.State.RUNNING
                ? Service.Health.ready(name + " streams RUNNING")
                : Service.Health.notReady(name + " streams " + state);
    }
}
