package siaga.contracts.events;

import java.util.List;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * The dispatcher assigned a crew. {@code reason} says in words why this crew won; {@code distanceMetres} and
 * {@code activeJobs} are the chosen crew's figures (its open jobs before this one), {@code candidates} every crew
 * considered, and {@code ruleVersion} the version of the rules that decided. Version 2; version 1 had no
 * candidates or rule version and reads as an empty list and rule version "1".
 */
public record ComplaintDispatched(
        String crewId,
        String department,
        double distanceMetres,
        int activeJobs,
        String reason,
        List<Candidate> candidates,
        String ruleVersion) implements DispatchEvent {

    public ComplaintDispatched {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        if (!(distanceMetres >= 0)) {
            throw new IllegalArgumentException("distanceMetres must not be negative, was " + distanceMetres);
        }
        Checks.range(activeJobs, "activeJobs", 0, 10_000);
        Checks.text(reason, "reason", 500);
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        Checks.text(ruleVersion, "ruleVersion", 40);
    }

    /** A decision recorded without its evidence (the form of version 1). */
    public ComplaintDispatched(String crewId, String department, double distanceMetres, int activeJobs, String reason) {
        this(crewId, department, distanceMetres, activeJobs, reason, List.of(), "1");
    }
}
