package siaga.sla;

import java.time.Duration;
import java.util.Objects;
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
 *
 * <p>{@code SIAGA_SLA_CATCH_UP_LAG} (ISO-8601, default {@code PT1M}; between 10 s and 24 h) is how far behind
 * the clock the records a task reads may be before the task counts as catching up (a reset, a new instance, a
 * long outage) and breaches open stages by how far the stream has got rather than by the wall clock; see
 * {@link SlaTimelineProcessor}. It must exceed the normal delay from an event's writing to its reading, or a
 * slow moment live would hold breaches back; the larger it is, the more of a replay is breached by the wall
 * clock, and later corrected. {@code SIAGA_SLA_CATCH_UP_IDLE} (default {@code PT10S}; between 2 s and 5 min)
 * is how long a task catching up must read nothing to count as caught up: longer than it waits for its next
 * records in the middle of a backlog (seconds on a loaded machine), and the longest a stage still open when a
 * backlog is read, or after a restart on a quiet stream, may wait for its breach.
 */
public record SlaMonitorConfig(Properties streams, CatchUp catchUp) {
    public static final String SESSION_TIMEOUT = "SIAGA_SLA_SESSION_TIMEOUT";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);
    public static final String CATCH_UP_LAG = "SIAGA_SLA_CATCH_UP_LAG";
    public static final Duration DEFAULT_CATCH_UP_LAG = Duration.ofMinutes(1);
    private static final Duration MIN_CATCH_UP_LAG = Duration.ofSeconds(10);
    private static final Duration MAX_CATCH_UP_LAG = Duration.ofHours(24);
    public static final String CATCH_UP_IDLE = "SIAGA_SLA_CATCH_UP_IDLE";
    public static final Duration DEFAULT_CATCH_UP_IDLE = Duration.ofSeconds(10);
    private static final Duration MIN_CATCH_UP_IDLE = Duration.ofSeconds(2);
    private static final Duration MAX_CATCH_UP_IDLE = Duration.ofMinutes(5);

    public SlaMonitorConfig {
        Properties copy = new Properties();
        copy.putAll(streams);
        streams = copy;
        Objects.requireNonNull(catchUp, "catchUp");
    }

    public static SlaMonitorConfig from(SiagaConfig config) {
        Properties streams = KafkaSettings.streams(config, SlaTopology.SERVICE);
        streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Duration session = within(config, SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT, MIN_SESSION_TIMEOUT, MAX_SESSION_TIMEOUT);
        streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) session.toMillis());
        streams.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) session.dividedBy(3).toMillis());
        Duration lag = within(config, CATCH_UP_LAG, DEFAULT_CATCH_UP_LAG, MIN_CATCH_UP_LAG, MAX_CATCH_UP_LAG);
        Duration idle = within(config, CATCH_UP_IDLE, DEFAULT_CATCH_UP_IDLE, MIN_CATCH_UP_IDLE, MAX_CATCH_UP_IDLE);
        return new SlaMonitorConfig(streams, new CatchUp(lag, idle));
    }

    private static Duration within(SiagaConfig config, String setting, Duration defaultValue, Duration min, Duration max) {
        Duration value = config.getDuration(setting, defaultValue);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
