package siaga.fieldcrew;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintReported;

/**
 * What a crew needs to know of a complaint to go and fix it, the value of
 * {@link FieldCrewTopology#COMPLAINTS_BY_ID}. Of the reporter only the first name is kept, so the crew can ask
 * for them at the scene: their phone and full name never reach this service's store.
 */
public record ComplaintSummary(
        String complaintId,
        String jurisdiction,
        String ticket,
        String category,
        int priority,
        GeoPoint location,
        String address,
        String description,
        String reporterFirstName,
        Instant reportedAt) {

    public ComplaintSummary {
        Checks.text(complaintId, "complaintId", 100);
        Checks.text(jurisdiction, "jurisdiction", 40);
        Checks.text(ticket, "ticket", 40);
        Checks.text(category, "category", 40);
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reportedAt, "reportedAt");
    }

    static ComplaintSummary of(String complaintId, Event<ComplaintReported> event) {
        ComplaintReported data = event.data();
        return new ComplaintSummary(complaintId, event.jurisdiction(), data.ticket(), data.category(), data.priority(),
                data.location(), data.address(), data.description(), firstName(data.reporter().name()), event.occurredAt());
    }

    static String firstName(String fullName) {
        return fullName.strip().split("\\s+", 2)[0];
    }

    /**
     * The fold of {@code complaints}: the report makes the summary (a replay of it changes nothing); the other
     * complaint events (notes, closing, cancelling) are not the crew's business here.
     */
    @SuppressWarnings("unchecked")
    public static ComplaintSummary evolve(String complaintId, ComplaintSummary current, Event<ComplaintEvent> event) {
        if (current == null && event.data() instanceof ComplaintReported) {
            return of(complaintId, (Event<ComplaintReported>) (Event<?>) event);
        }
        return current;
    }
}
