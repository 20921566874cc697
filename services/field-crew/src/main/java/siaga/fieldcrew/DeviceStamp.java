package siaga.fieldcrew;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What a crew's phone stamps on a request it may have to send again: its own id for the event, so that a retry
 * after a lost answer is recognised, and the time by its clock, which is when the thing happened even if the
 * phone was offline for hours. Either may be absent (null): the server then makes a fresh id and uses its own
 * time.
 *
 * <p>A device time is believed between 24 hours ago (a phone offline for a day has lost more than its queue)
 * and 2 minutes ahead (clock drift); beyond that the clock is wrong, and a wrong clock would put the step in
 * the wrong place of the timeline and the SLA figures, so the request is refused naming {@code /deviceTime}.
 */
record DeviceStamp(UUID eventId, Instant deviceTime) {
    static final Duration MAX_AHEAD = Duration.ofMinutes(2);
    static final Duration MAX_BEHIND = Duration.ofHours(24);

    /** Why {@code deviceTime} is not believed at server time {@code now}, or null when it is. */
    static String outOfRange(Instant deviceTime, Instant now) {
        if (deviceTime.isAfter(now.plus(MAX_AHEAD))) {
            return "must not be more than " + MAX_AHEAD.toMinutes() + " minutes ahead of the server's time (" + now + ")";
        }
        if (deviceTime.isBefore(now.minus(MAX_BEHIND))) {
            return "must not be more than " + MAX_BEHIND.toHours() + " hours before the server's time (" + now + ")";
        }
        return null;
    }

    UUID eventIdOrNew() {
        return eventId != null ? eventId : UUID.randomUUID();
    }

    Instant occurredAt(Instant receivedAt) {
        return deviceTime != null ? deviceTime : receivedAt;
    }
}
