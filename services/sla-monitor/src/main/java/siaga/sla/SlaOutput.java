package siaga.sla;

import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.events.SlaEvent;

/** What the timeline processor emits: an SLA fact for {@code sla}, or a dead letter; exactly one is set. */
record SlaOutput(Event<SlaEvent> event, DeadLetter deadLetter) {
    static SlaOutput published(Event<SlaEvent> event) {
        return new SlaOutput(event, null);
    }

    static SlaOutput rejected(DeadLetter deadLetter) {
        return new SlaOutput(null, deadLetter);
    }
}
