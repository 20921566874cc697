package siaga.contracts.events;

import siaga.contracts.Checks;

/** A complaint escalated often enough that the department's supervisor must step in. */
public record SupervisorAlerted(String department, int escalations, String reason) implements DispatchEvent {
    public SupervisorAlerted {
        Checks.text(department, "department", 40);
        Checks.range(escalations, "escalations", 1, 1000);
        Checks.text(reason, "reason", 500);
    }
}
