package siaga.contracts.events;

import siaga.contracts.Checks;

/** A crew went off duty. */
public record ShiftEnded(String crewId, String department) implements CrewEvent {
    public ShiftEnded {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
    }
}
