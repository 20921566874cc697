package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * A stage completed. {@code elapsedMillis} runs from {@code startedAt} (the report) to {@code completedAt};
 * {@code withinTarget} is false when it completed after its target, in which case a {@link StageBreached}
 * was emitted earlier, the moment the target passed. {@code elapsedMillis} is time on the stage's calendar, without
 * the {@code pausedMillis} the clock stood paused. Version 2 adds the paused time; version 1 reads with none.
 */
public record StageMet(
        SlaStage stage,
        String category,
        String department,
        Instant startedAt,
        Instant completedAt,
        long elapsedMillis,
        long pausedMillis,
        long targetMillis,
        boolean withinTarget) implements SlaEvent {

    public StageMet {
        Objects.requireNonNull(stage, "stage");
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Checks.nonNegative(elapsedMillis, "elapsedMillis");
        Checks.nonNegative(pausedMillis, "pausedMillis");
        Checks.nonNegative(targetMillis, "targetMillis");
    }

    /** A stage whose clock never paused (the form of version 1). */
    public StageMet(SlaStage stage, String category, String department, Instant startedAt, Instant completedAt,
                    long elapsedMillis, long targetMillis, boolean withinTarget) {
        this(stage, category, department, startedAt, completedAt, elapsedMillis, 0, targetMillis, withinTarget);
    }
}
