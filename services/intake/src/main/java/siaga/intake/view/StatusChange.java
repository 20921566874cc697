package siaga.intake.view;

import java.time.Instant;

/** One step of a complaint's timeline: the event that moved (or would have moved) it to {@code status}, and when. */
public record StatusChange(ComplaintStatus status, Instant at, String eventId) {
}
