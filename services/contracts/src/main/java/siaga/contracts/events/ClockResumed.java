package siaga.contracts.events;

import siaga.contracts.Checks;

/** The complaint's SLA clocks run again after a {@link ClockPaused}. */
public record ClockResumed(String note) implements ComplaintEvent {
    public ClockResumed {
        if (note != null) {
            Checks.text(note, "note", 2000);
        }
    }
}
