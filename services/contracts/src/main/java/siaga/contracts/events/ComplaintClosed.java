package siaga.contracts.events;

import siaga.contracts.Checks;

/** An operator closed the complaint after its resolution. */
public record ComplaintClosed(String note) implements ComplaintEvent {
    public ComplaintClosed {
        Checks.text(note, "note", 2000);
    }
}
