package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.Checks;

/**
 * An earlier outcome of a stage was wrong: a late event (a phone that was offline) proved the stage completed at
 * {@code completedAt}. {@code correctsEventId} names the StageBreached or StageMet it replaces.
 */
public record StageCorrected(
        SlaStage stage,
        String category,
        String department,
        Instant startedAt,
        Instant completedAt,
        long elapsedMillis,
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
        Checks.nonNegative(targetMillis, "targetMillis");
        Objects.requireNonNull(correctsEventId, "correctsEventId");
    }
}
