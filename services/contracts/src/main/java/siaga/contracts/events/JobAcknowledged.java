package siaga.contracts.events;

import siaga.contracts.Checks;

/** The assigned crew accepted the job. */
public record JobAcknowledged(String crewId) implements FieldEvent {
    public JobAcknowledged {
        Checks.text(crewId, "crewId", 100);
    }
}
