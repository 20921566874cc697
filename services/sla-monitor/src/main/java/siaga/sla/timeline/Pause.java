package siaga.sla.timeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time during which every clock of a complaint stood still, from its ClockPaused to its ClockResumed
 * ({@code resumedAt} null while it lasts), with the policy's reason. Shown in the timeline the monitor keeps.
 */
public record Pause(Instant pausedAt, Instant resumedAt, String reason) {
    public Pause {
        Objects.requireNonNull(pausedAt, "pausedAt");
        Objects.requireNonNull(reason, "reason");
        if (resumedAt != null && resumedAt.isBefore(pausedAt)) {
            throw new IllegalArgumentException("a pause cannot end at " + resumedAt + " before it began at " + pausedAt);
        }
    }

    @JsonIgnore
    public boolean isOpen() {
        return resumedAt == null;
    }
}
