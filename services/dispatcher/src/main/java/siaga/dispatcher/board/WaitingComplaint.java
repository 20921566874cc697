package siaga.dispatcher.board;

import java.time.Duration;
import java.time.Instant;
import siaga.contracts.GeoPoint;

/**
 * A complaint as a board needs it to choose a crew, now or later from the queue: with the envelope fields its
 * decisions must carry (jurisdiction, correlation), its ticket (for merges), the skill it needs (null: any crew
 * of the department, after a re-route from another department) and its place in the queue (emergency, priority,
 * then when it was reported) and how long its crew has to acknowledge (the category's target at its priority
 * when it was reported, measured 24/7). No reporter, no description: the board needs no personal data.
 */
public record WaitingComplaint(
        String complaintId,
        String ticket,
        String jurisdiction,
        String correlationId,
        String category,
        String department,
        String skill,
        int priority,
        GeoPoint location,
        Instant reportedAt,
        Duration acknowledgeWithin) {

    /** The same complaint waiting on another department's board, for any of its crews. */
    public WaitingComplaint reroutedTo(String newDepartment) {
        return new WaitingComplaint(complaintId, ticket, jurisdiction, correlationId, category, newDepartment, null,
                priority, location, reportedAt, acknowledgeWithin);
    }
}
