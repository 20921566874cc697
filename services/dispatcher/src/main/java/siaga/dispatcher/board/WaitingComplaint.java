package siaga.dispatcher.board;

import java.time.Instant;
import siaga.contracts.GeoPoint;

/**
 * A complaint as the board needs it to choose a crew, now or later from the queue: with the envelope fields its
 * decision must carry (jurisdiction, correlation), the skill it needs and its place in the queue (priority, then
 * when it was reported). No reporter, no description: the board needs no personal data.
 */
public record WaitingComplaint(
        String complaintId,
        String jurisdiction,
        String correlationId,
        String category,
        String department,
        String skill,
        int priority,
        GeoPoint location,
        Instant reportedAt) {
}
