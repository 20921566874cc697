package siaga.contracts.events;

import siaga.contracts.Checks;

/** No crew could take the complaint now; it waits in its department's queue. {@code reason} says why. */
public record ComplaintQueued(String department, String reason) implements DispatchEvent {
    public ComplaintQueued {
        Checks.text(department, "department", 40);
        Checks.text(reason, "reason", 500);
    }
}
