package siaga.archive.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A complaint's lifecycle events in the order they happened, with its jurisdiction, current status and its ticket
 * (null while its report is not archived yet). Each event's time is a UTC instant with, beside it, the same time in
 * {@code timeZone} as an ISO offset date-time. Contains personal data (the reporter in {@code complaint.reported}):
 * whole for operators and managers of its jurisdiction only, {@link #withoutReporter()} for anyone else.
 */
public record Timeline(UUID complaintId, String jurisdiction, String ticket, String status, String timeZone,
                       List<Entry> events) {
    public Timeline {
        events = List.copyOf(events);
    }

    /** The same timeline with the reporter (name, phone, email) taken out of every event's data. */
    public Timeline withoutReporter() {
        return new Timeline(complaintId, jurisdiction, ticket, status, timeZone, events.stream().map(e -> {
            if (!(e.data() instanceof ObjectNode data) || !data.has("reporter")) {
                return e;
            }
            ObjectNode copy = data.deepCopy();
            copy.remove("reporter");
            return new Entry(e.eventId(), e.type(), e.occurredAt(), e.occurredAtLocal(), e.actor(), copy);
        }).toList());
    }

    /** One event: its envelope's identity, time and actor, and its {@code data} exactly as archived. */
    public record Entry(UUID eventId, String type, Instant occurredAt, String occurredAtLocal, Actor actor,
                        JsonNode data) {
    }

    public record Actor(String role, String id) {
    }
}
