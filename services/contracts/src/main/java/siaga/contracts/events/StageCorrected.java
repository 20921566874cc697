package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.Checks;

/**
 * An earlier outcome of a stage was wrong: a late event (a phone that was offline) proved the stage completed at
 * {@code completedAt}. {@code correctsEventId} names the StageBreached or StageMet it replaces. Version 2 adds the
 * paused time, as in {@link StageMet}; version 1 reads with none.
 */
public record StageCorrected(
        SlaStage stage,
        String category,
        String department,
        Instant startedAt,
        Instant completedAt,
        long elapsedMillis,
        long pausedMillis,
        long targetMillis,
        boolean withinTarget,
        UUID correctsEventId) implements SlaEvent {

    public StageCorrected {
        Objects.requireNonNull(stage, "stage");
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Checks.nonNegative(elapsedMillis, "elapsedMillis");
        Checks.nonNegative(pausedMillis, "pausedMillis");
        Checks.nonNegative(targetMillis, "targetMillis");
        Objects.requireNonNull(correctsEventId, "correctsEventId");
    }

    /** A correction of a stage whose clock never paused (the form of version 1). */
    public StageCorrected(SlaStage stage, String category, String department, Instant startedAt, Instant completedAt,
                          long elapsedMillis, long targetMillis, boolean withinTarget, UUID correctsEventId) {
        this(stage, category, department, startedAt, completedAt, elapsedMillis, 0, targetMillis, withinTarget,
                correctsEventId);
    }
}
