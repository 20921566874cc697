package siaga.sla.timeline;

import java.time.Instant;
import java.util.Objects;

/** The complaint's priority went from {@code from} to {@code to} at {@code at}: its field stages run to new targets from then. */
public record PriorityChange(Instant at, int from, int to) {
    public PriorityChange {
        Objects.requireNonNull(at, "at");
    }
}
