package siaga.archive.search;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of a complaint search: the complaints, newest first unless the search asked otherwise, and the
 * cursor of the next page (null on the last). Every time is a UTC instant with, beside it, the same time in
 * {@code timeZone} as an ISO offset date-time ({@code reportedAtLocal}). No personal data: a reporter's name
 * and phone are on the timeline.
 */
public record ComplaintPage(String jurisdiction, String timeZone, String sort, int limit, List<Summary> items,
                            String nextCursor) {
    public ComplaintPage {
        items = List.copyOf(items);
    }

    /** A complaint's current state; {@code crewId}, {@code district} and the later times may be null. */
    public record Summary(UUID complaintId, String ticket, String status, String category, String department,
                          String district, Integer priority, String crewId,
                          Instant reportedAt, String reportedAtLocal,
                          Instant dispatchedAt, String dispatchedAtLocal,
                          Instant acknowledgedAt, String acknowledgedAtLocal,
                          Instant resolvedAt, String resolvedAtLocal,
                          Instant updatedAt, String updatedAtLocal) {
    }
}
