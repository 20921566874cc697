package siaga.contracts.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;

/**
 * An operator (or an integrator) logged a complaint. {@code department} and {@code priority} are resolved by
 * intake from the category in the reference data at that moment (an operator may raise the priority), so every
 * consumer sees the same owner and urgency; priority 1 is the most urgent. {@code district} and {@code kelurahan}
 * place the point in the jurisdiction (null where it could not be placed). Version 2; version 1 had no district,
 * kelurahan or channel and reads with null, null and "phone". Version 3 adds {@code mediaUrl} (a photo the
 * reporter linked, Open311's media_url) and {@code attributes}, the answers to the category's Open311 attributes by
 * code (one value, or several for a multi-value list); version 2 reads with null and none.
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
        String channel,
        String mediaUrl,
        Map<String, List<String>> attributes) implements ComplaintEvent {

    public static final Set<String> CHANNELS = Set.of("phone", "walk-in", "web", "open311");
    private static final Pattern MEDIA_URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final Pattern ATTRIBUTE_CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");

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
        if (mediaUrl != null && (mediaUrl.length() > 500 || !MEDIA_URL.matcher(mediaUrl).matches())) {
            throw new IllegalArgumentException("mediaUrl must be an http or https URL of at most 500 characters");
        }
        attributes = attributes == null ? Map.of() : copyOf(attributes);
    }

    /** A complaint with no media and no attribute answers (the form of version 2). */
    public ComplaintReported(String ticket, String category, String department, int priority, GeoPoint location,
                             String address, String description, Reporter reporter, String district,
                             String kelurahan, String channel) {
        this(ticket, category, department, priority, location, address, description, reporter, district, kelurahan,
                channel, null, Map.of());
    }

    /** A complaint taken by phone whose place in the jurisdiction is not known (the form of version 1). */
    public ComplaintReported(String ticket, String category, String department, int priority, GeoPoint location,
                             String address, String description, Reporter reporter) {
        this(ticket, category, department, priority, location, address, description, reporter, null, null, "phone");
    }

    /** Sorted by code, so that the same answers always encode the same way (replays compare bytes). */
    private static Map<String, List<String>> copyOf(Map<String, List<String>> attributes) {
        if (attributes.size() > 50) {
            throw new IllegalArgumentException("at most 50 attributes, was " + attributes.size());
        }
        Map<String, List<String>> sorted = new TreeMap<>();
        attributes.forEach((code, values) -> {
            if (code == null || !ATTRIBUTE_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("attribute code " + code + " is not 1-40 letters, digits, _ or -");
            }
            if (values == null || values.isEmpty() || values.size() > 20) {
                throw new IllegalArgumentException("attribute " + code + " needs 1 to 20 values");
            }
            values.forEach(v -> Checks.text(v, "attribute " + code, 500));
            sorted.put(code, List.copyOf(values));
        });
        return java.util.Collections.unmodifiableMap(sorted);
    }
}
