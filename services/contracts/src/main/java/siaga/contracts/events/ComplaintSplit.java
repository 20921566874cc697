package siaga.contracts.events;

import siaga.contracts.Checks;

/** An operator split a wrongly merged complaint off {@code fromComplaintId}; it is dispatched on its own. */
public record ComplaintSplit(String fromComplaintId, String reason) implements ComplaintEvent {
    public ComplaintSplit {
        Checks.text(fromComplaintId, "fromComplaintId", 100);
        Checks.text(reason, "reason", 2000);
    }
}
