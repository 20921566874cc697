package siaga.contracts.events;

import siaga.contracts.Checks;

/**
 * An operator or manager changed the complaint's priority (1 is the most urgent). The SLA monitor keeps the time
 * already elapsed on each open stage and measures the rest against the targets of the new priority.
 */
public record ComplaintPriorityChanged(int from, int to, String reason) implements ComplaintEvent {
    public ComplaintPriorityChanged {
        Checks.range(from, "from", 1, 5);
        Checks.range(to, "to", 1, 5);
        if (from == to) {
            throw new IllegalArgumentException("the priority is already " + to);
        }
        Checks.text(reason, "reason", 2000);
    }
}
