package siaga.contracts.events;

import siaga.contracts.Checks;

/** An operator cancelled the complaint as invalid; its clocks stop. */
public record ComplaintCancelled(String reason) implements ComplaintEvent {
    public ComplaintCancelled {
        Checks.text(reason, "reason", 2000);
    }
}
