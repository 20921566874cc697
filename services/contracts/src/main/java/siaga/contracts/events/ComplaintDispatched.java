package siaga.contracts.events;

import siaga.contracts.Checks;

/**
 * The dispatcher assigned a crew. {@code reason} says in words why this crew won; {@code distanceMetres} and
 * {@code activeJobs} are the evidence it weighed (the crew's open jobs before this one).
 */
public record ComplaintDispatched(
        String crewId,
        String department,
        double distanceMetres,
        int activeJobs,
        String reason) implements DispatchEvent {

    public ComplaintDispatched {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        if (!(distanceMetres >= 0)) {
            throw new IllegalArgumentException("distanceMetres must not be negative, was " + distanceMetres);
        }
        Checks.range(activeJobs, "activeJobs", 0, 10_000);
        Checks.text(reason, "reason", 500);
    }
}
