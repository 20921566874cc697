package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/** A stage's target passed while the stage was still open: emitted live, on the wall clock. */
public record StageBreached(
        SlaStage stage,
        String category,
        String department,
        Instant startedAt,
        Instant dueAt,
        long targetMillis) implements SlaEvent {

    public StageBreached {
        Objects.requireNonNull(stage, "stage");
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Checks.nonNegative(targetMillis, "targetMillis");
    }
}
