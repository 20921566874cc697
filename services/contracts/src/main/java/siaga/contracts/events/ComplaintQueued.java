package siaga.contracts.events;

import java.util.List;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * No crew could take the complaint now; it waits in its department's queue. {@code reason} says why, with the
 * {@code candidates} considered and the {@code ruleVersion}. Version 2; version 1 had neither.
 */
public record ComplaintQueued(String department, String reason, List<Candidate> candidates, String ruleVersion)
        implements DispatchEvent {
    public ComplaintQueued {
        Checks.text(department, "department", 40);
        Checks.text(reason, "reason", 500);
        candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
        Checks.text(ruleVersion, "ruleVersion", 40);
    }

    public ComplaintQueued(String department, String reason) {
        this(department, reason, List.of(), "1");
    }
}
