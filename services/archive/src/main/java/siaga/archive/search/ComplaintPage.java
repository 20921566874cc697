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

    /**
     * A complaint's current state ({@link siaga.archive.complaint.ComplaintState} says how each is folded);
     * {@code crewId}, {@code district}, {@code mergedInto} and the later times may be null.
     */
    public record Summary(UUID complaintId, String ticket, String status, String category, String department,
                          String district, Integer priority, String crewId,
                          Instant reportedAt, String reportedAtLocal,
                          Instant dispatchedAt, String dispatchedAtLocal,
                          Instant acknowledgedAt, String acknowledgedAtLocal,
                          Instant enRouteAt, String enRouteAtLocal,
                          Instant onSceneAt, String onSceneAtLocal,
                          Instant resolvedAt, String resolvedAtLocal,
                          Instant closedAt, String closedAtLocal,
                          Instant cancelledAt, String cancelledAtLocal,
                          String mergedInto, int notes, int escalations, int declines,
                          Instant updatedAt, String updatedAtLocal) {
    }
}
