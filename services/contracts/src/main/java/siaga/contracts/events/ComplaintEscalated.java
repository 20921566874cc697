package siaga.contracts.events;

import siaga.contracts.Checks;

/** The assigned crew did not acknowledge within the target; {@code escalation} counts this complaint's escalations. */
public record ComplaintEscalated(String crewId, String department, int escalation, String reason) implements DispatchEvent {
    public ComplaintEscalated {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        Checks.range(escalation, "escalation", 1, 1000);
        Checks.text(reason, "reason", 500);
    }
}
