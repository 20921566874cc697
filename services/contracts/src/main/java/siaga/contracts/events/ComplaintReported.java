package siaga.contracts.events;

import java.util.Objects;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;

/**
 * An operator logged a complaint. {@code department} and {@code priority} are resolved by intake from the
 * category in the reference data at that moment, so every consumer sees the same owner and urgency.
 * Priority 1 is the most urgent.
 */
public record ComplaintReported(
        String ticket,
        String category,
        String department,
        int priority,
        GeoPoint location,
        String address,
        String description,
        Reporter reporter) implements ComplaintEvent {

    public ComplaintReported {
        Checks.text(ticket, "ticket", 40);
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Checks.range(priority, "priority", 1, 5);
        Objects.requireNonNull(location, "location");
        Checks.text(address, "address", 300);
        Checks.text(description, "description", 2000);
        Objects.requireNonNull(reporter, "reporter");
    }
}
