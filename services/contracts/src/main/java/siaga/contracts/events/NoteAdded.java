package siaga.contracts.events;

import siaga.contracts.Checks;

/** Someone added a note to the complaint's record. */
public record NoteAdded(String note) implements ComplaintEvent {
    public NoteAdded {
        Checks.text(note, "note", 2000);
    }
}
