package siaga.sla;

import java.time.Duration;
import java.util.Objects;

/**
 * When a task of the SLA monitor counts as catching up, and so warns and breaches by its stream time rather
 * than the wall clock (see {@link SlaTimelineProcessor}): while the newest record time it has read is more than
 * {@code lag} behind the clock and it has read a record within the last {@code idle}. {@code lag} must exceed
 * the normal delay from an event's writing to its reading; {@code idle} the longest a task waits for its next
 * records in the middle of a backlog, which under load is seconds, not milliseconds.
 */
public record CatchUp(Duration lag, Duration idle) {
    public CatchUp {
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(idle, "idle");
        if (lag.isNegative() || lag.isZero() || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("lag and idle must be positive, were " + lag + " and " + idle);
        }
    }
}
