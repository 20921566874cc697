package siaga.contracts.events;

import java.util.Objects;
import java.util.Set;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;

/**
 * An operator (or an integrator) logged a complaint. {@code department} and {@code priority} are resolved by
 * intake from the category in the reference data at that moment (an operator may raise the priority), so every
 * consumer sees the same owner and urgency; priority 1 is the most urgent. {@code district} and {@code kelurahan}
 * place the point in the jurisdiction (null where it could not be placed). Version 2; version 1 had no district,
 * kelurahan or channel and reads with null, null and "phone".
 */
public record ComplaintReported(
        String ticket,
        String category,
        String department,
        int priority,
        GeoPoint location,
        String address,
        String description,
        Reporter reporter,
        String district,
        String kelurahan,
        String channel) implements ComplaintEvent {

    public static final Set<String> CHANNELS = Set.of("phone", "walk-in", "web", "open311");

    public ComplaintReported {
        Checks.text(ticket, "ticket", 40);
        Checks.text(category, "category", 40);
        Checks.text(department, "department", 40);
        Checks.range(priority, "priority", 1, 5);
        Objects.requireNonNull(location, "location");
        Checks.text(address, "address", 300);
        Checks.text(description, "description", 2000);
        Objects.requireNonNull(reporter, "reporter");
        if (district != null) {
            Checks.text(district, "district", 40);
        }
        if (kelurahan != null) {
            Checks.text(kelurahan, "kelurahan", 100);
        }
        if (!CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("channel must be one of " + CHANNELS + ", was " + channel);
        }
    }

    /** A complaint taken by phone whose place in the jurisdiction is not known (the form of version 1). */
    public ComplaintReported(String ticket, String category, String department, int priority, GeoPoint location,
                             String address, String description, Reporter reporter) {
        this(ticket, category, department, priority, location, address, description, reporter, null, null, "phone");
    }
}
