package siaga.contracts.events;

import java.util.List;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * The complaint moved from one crew to another (after an escalation, a decline, a shift's end), with the same
 * evidence as a dispatch.
 */
public record ComplaintReassigned(String fromCrewId, String toCrewId, String department, double distanceMetres,
                                  int activeJobs, String reason, List<Candidate> candidates, String ruleVersion)
        implements DispatchEvent {
    public ComplaintReassigned {
        Checks.text(fromCrewId, "fromCrewId", 100);
        Checks.text(toCrewId, "toCrewId", 100);
        Checks.text(department, "department", 40);
        if (!(distanceMetres >= 0)) {
            throw new IllegalArgumentException("distanceMetres must not be negative, was " + distanceMetres);
        }
        Checks.range(activeJobs, "activeJobs", 0, 10_000);
        Checks.text(reason, "reason", 500);
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        Checks.text(ruleVersion, "ruleVersion", 40);
    }
}
