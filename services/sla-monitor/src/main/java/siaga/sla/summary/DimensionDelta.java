package siaga.sla.summary;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.events.SlaStage;
import siaga.sla.timeline.Dimension;

/**
 * One change to the aggregates of one dimension value, sent from the per-complaint fold to the per-dimension
 * aggregation through the {@code sla-dimension-deltas} repartition (keyed by {@link #key()}), so that every
 * value of every dimension is aggregated by exactly one task:
 * <ul>
 *   <li>{@code MEASURED}: a stage completed at {@code at} in {@code elapsedMillis}, within target or not;</li>
 *   <li>{@code BREACHED} / {@code UNBREACHED}: a stage due at {@code at} was breached / the breach was corrected;</li>
 *   <li>{@code OPENED} / {@code CLOSED}: complaint {@code complaintId}, reported at {@code at}, joined / left this
 *       value's backlog (reported, resolved, cancelled, merged, moved to another crew).</li>
 * </ul>
 */
public record DimensionDelta(Kind kind, Dimension dimension, String jurisdiction, String value, SlaStage stage, Instant at,
                             long elapsedMillis, boolean withinTarget, String complaintId) {
    public enum Kind { MEASURED, BREACHED, UNBREACHED, OPENED, CLOSED }

    public DimensionDelta {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(at, "at");
    }

    public static DimensionDelta measured(DimensionKey key, SlaStage stage, Instant completedAt, long elapsedMillis, boolean withinTarget) {
        return new DimensionDelta(Kind.MEASURED, key.dimension(), key.jurisdiction(), key.value(), stage, completedAt,
                elapsedMillis, withinTarget, null);
    }

    public static DimensionDelta breach(DimensionKey key, SlaStage stage, Instant dueAt, boolean corrected) {
        return new DimensionDelta(corrected ? Kind.UNBREACHED : Kind.BREACHED, key.dimension(), key.jurisdiction(), key.value(),
                stage, dueAt, 0, false, null);
    }

    public static DimensionDelta backlog(DimensionKey key, String complaintId, Instant reportedAt, boolean opened) {
        return new DimensionDelta(opened ? Kind.OPENED : Kind.CLOSED, key.dimension(), key.jurisdiction(), key.value(),
                null, reportedAt, 0, false, complaintId);
    }

    public DimensionKey key() {
        return new DimensionKey(dimension, jurisdiction, value);
    }
}
