package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * A stage completed. {@code elapsedMillis} runs from {@code startedAt} (the report) to {@code completedAt};
 * {@code withinTarget} is false when it completed after its target, in which case a {@link StageBreached}
 * was emitted earlier, the moment the target passed.
 */
public record StageMet(
        SlaStage stage,
        String category,
        String department,
        Instant startedAt,
        Instant completedAt,
        long elapsedMillis,
        long targetMillis,
        boolean withinTarget) implements SlaEvent {

    public StageMet {
        Objects.requireNonNull(stage, "stage");
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Checks.nonNegative(elapsedMillis, "elapsedMillis");
        Checks.nonNegative(targetMillis, "targetMillis");
    }
}
