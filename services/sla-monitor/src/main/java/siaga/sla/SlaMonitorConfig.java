package siaga.sla;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

/**
 * The SLA monitor's settings: its Streams application {@code <prefix>-sla-monitor}, exactly-once, so that a
 * stage is measured, published and counted in the histograms once even across crashes and rebalances.
 *
 * <p>{@code SIAGA_SLA_SESSION_TIMEOUT} (ISO-8601, default {@code PT45S}, Kafka's own default; between 6 s and
 * 30 min, the broker's default bounds) is how long the group waits for an instance that stopped heartbeating
 * before it hands that instance's tasks to the others, or to the instance itself restarted: after a crash no
 * SLA is measured for up to this long. Shorter fails over faster; too short takes a long GC pause for a crash.
 * Heartbeats go every third of it.
 */
public record SlaMonitorConfig(Properties streams) {
    public static final String SESSION_TIMEOUT = "SIAGA_SLA_SESSION_TIMEOUT";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

    public SlaMonitorConfig {
        Properties copy = new Properties();
        copy.putAll(streams);
        streams = copy;
    }

    public static SlaMonitorConfig from(SiagaConfig config) {
        Properties streams = KafkaSettings.streams(config, SlaTopology.SERVICE);
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Duration session = config.getDuration(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT);
        if (session.compareTo(MIN_SESSION_TIMEOUT) < 0 || session.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(SESSION_TIMEOUT + " must be between " + MIN_SESSION_TIMEOUT + " and "
                    + MAX_SESSION_TIMEOUT + ", was " + session);
        }
        streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) session.toMillis());
        streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) session.dividedBy(3).toMillis());
        return new SlaMonitorConfig(streams);
    }
}
