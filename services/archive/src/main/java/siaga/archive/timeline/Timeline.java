package siaga.archive.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A complaint's lifecycle events in the order they happened, with its current status and its ticket (null
 * while its report is not archived yet). Each event's time is a UTC instant with, beside it, the same time in
 * {@code timeZone} as an ISO offset date-time. Contains personal data (the reporter): for operators only.
 */
public record Timeline(UUID complaintId, String ticket, String status, String timeZone, List<Entry> events) {
    public Timeline {
        events = List.copyOf(events);
    }

    /** One event: its envelope's identity, time and actor, and its {@code data} exactly as archived. */
    public record Entry(UUID eventId, String type, Instant occurredAt, String occurredAtLocal, Actor actor,
                        JsonNode data) {
    }

    public record Actor(String role, String id) {
    }
}
