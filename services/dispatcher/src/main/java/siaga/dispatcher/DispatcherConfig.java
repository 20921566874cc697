package siaga.dispatcher;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

/**
 * The dispatcher's settings: the shared Streams settings for application {@code <prefix>-dispatcher},
 * {@code SIAGA_DISPATCHER_STREAM_THREADS} (default 1, 1 to 16) and the rules:
 * {@code SIAGA_DISPATCHER_MAX_JOBS_PER_CREW} (default 3, 1 to 100), {@code SIAGA_DISPATCHER_STALE_LOCATION}
 * (default PT30M), {@code SIAGA_DISPATCHER_DUPLICATE_RADIUS_METRES} (default 150, 0 to 5000) and
 * {@code SIAGA_DISPATCHER_DUPLICATE_WINDOW} (default PT2H), the duplicate rule of a category whose reference data
 * sets none.
 *
 * <p>Processing is exactly-once: a board's state, its decisions and the offsets of what it read commit
 * together, so a crash can neither lose a dispatch nor make one twice against restored state. A decision is
 * visible to readers only once committed, and a report passes two commits on its way (the router's, which
 * writes the repartition, and the board's), so {@code SIAGA_DISPATCHER_COMMIT_INTERVAL} (default PT0.05S, 1 ms
 * to 10 s, instead of the services' shared 200 ms) bounds the decision latency: shorter costs more transactions.
 */
public record DispatcherConfig(Properties streams, DispatchRules rules) {
    public static final String STREAM_THREADS = "SIAGA_DISPATCHER_STREAM_THREADS";
    public static final String MAX_JOBS_PER_CREW = "SIAGA_DISPATCHER_MAX_JOBS_PER_CREW";
    public static final String STALE_LOCATION = "SIAGA_DISPATCHER_STALE_LOCATION";
    public static final String DUPLICATE_RADIUS_METRES = "SIAGA_DISPATCHER_DUPLICATE_RADIUS_METRES";
    public static final String DUPLICATE_WINDOW = "SIAGA_DISPATCHER_DUPLICATE_WINDOW";
    public static final String COMMIT_INTERVAL = "SIAGA_DISPATCHER_COMMIT_INTERVAL";
    static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(50);

    public DispatcherConfig {
        Properties copy = new Properties();
        copy.putAll(streams);
        streams = copy;
    }

    /** Throws IllegalArgumentException naming the setting when a value is out of range. */
    public static DispatcherConfig from(SiagaConfig config) {
        Properties props = KafkaSettings.streams(config, DispatcherTopology.SERVICE);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(STREAM_THREADS, 1, 1, 16));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Duration commitInterval = config.getDuration(COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL);
        if (commitInterval.compareTo(Duration.ofMillis(1)) < 0 || commitInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException(COMMIT_INTERVAL + " must be between PT0.001S and PT10S, was " + commitInterval);
        }
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        DispatchRules defaults = DispatchRules.defaults();
        DispatchRules rules = new DispatchRules(
                config.getInt(MAX_JOBS_PER_CREW, defaults.maxJobsPerCrew(), 1, 100),
                config.getDuration(STALE_LOCATION, defaults.staleLocation()),
                config.getInt(DUPLICATE_RADIUS_METRES, (int) defaults.duplicateRadiusMetres(), 0, 5000),
                config.getDuration(DUPLICATE_WINDOW, defaults.duplicateWindow()),
                defaults.supervisorAfterEscalations());
        return new DispatcherConfig(props, rules);
    }

    @Override
    public Properties streams() {
        Properties copy = new Properties();
        copy.putAll(streams);
        return copy;
    }
}
