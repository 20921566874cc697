package siaga.contracts.events;

import siaga.contracts.Checks;

/** The assigned crew fixed the problem; {@code note} says what was done. */
public record JobResolved(String crewId, String note) implements FieldEvent {
    public JobResolved {
        Checks.text(crewId, "crewId", 100);
        Checks.text(note, "note", 2000);
    }
}
