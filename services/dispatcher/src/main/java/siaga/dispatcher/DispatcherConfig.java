package siaga.dispatcher;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

/**
 * The dispatcher's settings: the shared Streams settings for application {@code <prefix>-dispatcher}, and
 * {@code SIAGA_DISPATCHER_STREAM_THREADS} (default 1, 1 to 16).
 *
 * <p>Processing is exactly-once: a board's state, its decisions and the offsets of what it read commit
 * together, so a crash can neither lose a dispatch nor make one twice against restored state.
 */
public record DispatcherConfig(Properties streams) {
    public static final String STREAM_THREADS = "SIAGA_DISPATCHER_STREAM_THREADS";

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
        return new DispatcherConfig(props);
    }

    @Override
    public Properties streams() {
        Properties copy = new Properties();
        copy.putAll(streams);
        return copy;
    }
}
