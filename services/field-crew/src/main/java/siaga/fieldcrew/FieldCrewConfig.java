package siaga.fieldcrew;

import java.time.Duration;
import java.util.Objects;
import siaga.runtime.SiagaConfig;

/**
 * Field-crew's settings.
 *
 * @param viewWait         how long a request waits for the view to apply the event it just wrote (read-your-writes)
 *                         or a job the crew already heard of; at most 5 s, since a crew's app is waiting for the answer
 * @param writeTimeout     how long a request waits for the broker to acknowledge its event before answering 503
 * @param locationInterval at most one location report per crew is written per this interval (default 10 s)
 */
public record FieldCrewConfig(Duration viewWait, Duration writeTimeout, Duration locationInterval) {
    public static final String VIEW_WAIT = "SIAGA_FIELD_CREW_VIEW_WAIT";
    public static final String WRITE_TIMEOUT = "SIAGA_FIELD_CREW_WRITE_TIMEOUT";
    public static final String LOCATION_INTERVAL = "SIAGA_FIELD_CREW_LOCATION_INTERVAL";
    public static final Duration MAX_VIEW_WAIT = Duration.ofSeconds(5);

    public FieldCrewConfig {
        Objects.requireNonNull(viewWait, "viewWait");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(locationInterval, "locationInterval");
        if (viewWait.isZero() || viewWait.isNegative() || viewWait.compareTo(MAX_VIEW_WAIT) > 0) {
            throw new IllegalArgumentException(VIEW_WAIT + " must be more than 0 and at most " + MAX_VIEW_WAIT + ", was " + viewWait);
        }
        if (writeTimeout.isZero() || writeTimeout.isNegative()) {
            throw new IllegalArgumentException(WRITE_TIMEOUT + " must be more than 0");
        }
        if (locationInterval.isNegative()) {
            throw new IllegalArgumentException(LOCATION_INTERVAL + " must not be negative, was " + locationInterval);
        }
    }

    public static FieldCrewConfig from(SiagaConfig config) {
        return new FieldCrewConfig(
                config.getDuration(VIEW_WAIT, MAX_VIEW_WAIT),
                config.getDuration(WRITE_TIMEOUT, Duration.ofSeconds(10)),
                config.getDuration(LOCATION_INTERVAL, Duration.ofSeconds(10)));
    }
}
