package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/** 80% of a stage's target has passed while the stage is still open: a warning before the breach. */
public record StageAtRisk(
        SlaStage stage,
        String category,
        String department,
        Instant startedAt,
        Instant dueAt,
        long targetMillis) implements SlaEvent {

    public StageAtRisk {
        Objects.requireNonNull(stage, "stage");
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Checks.nonNegative(targetMillis, "targetMillis");
    }
}
