package siaga.sla;

import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.events.SlaEvent;
import siaga.sla.summary.DimensionDelta;

/**
 * What the timeline processor emits: an SLA fact for {@code sla}, a dead letter, or a change to a dimension's
 * aggregates for the {@code sla-dimension-deltas} repartition; exactly one is set.
 */
record SlaOutput(Event<SlaEvent> event, DeadLetter deadLetter, DimensionDelta delta) {
    static SlaOutput published(Event<SlaEvent> event) {
        return new SlaOutput(event, null, null);
    }

    static SlaOutput rejected(DeadLetter deadLetter) {
        return new SlaOutput(null, deadLetter, null);
    }

    static SlaOutput aggregated(DimensionDelta delta) {
        return new SlaOutput(null, null, delta);
    }
}
