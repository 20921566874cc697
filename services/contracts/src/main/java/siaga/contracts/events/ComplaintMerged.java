package siaga.contracts.events;

import siaga.contracts.Checks;

/**
 * The complaint duplicates an open one (same category, within the category's radius and time window) and was
 * merged into it instead of being dispatched; the original counts one more reporter.
 */
public record ComplaintMerged(String intoComplaintId, String intoTicket, double distanceMetres, long ageSeconds,
                              String reason, String ruleVersion) implements DispatchEvent {
    public ComplaintMerged {
        Checks.text(intoComplaintId, "intoComplaintId", 100);
        Checks.text(intoTicket, "intoTicket", 40);
        if (!(distanceMetres >= 0)) {
            throw new IllegalArgumentException("distanceMetres must not be negative, was " + distanceMetres);
        }
        Checks.nonNegative(ageSeconds, "ageSeconds");
        Checks.text(reason, "reason", 500);
        Checks.text(ruleVersion, "ruleVersion", 40);
    }
}
