package siaga.fieldcrew;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Topics;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.CrewLocationReported;

/**
 * Where crews on shift are, as their phones report it, written to {@code crews} as {@code CrewLocationReported}
 * for the dispatcher. Phones report every few seconds; the dispatcher needs a fix every few minutes at most, so
 * at most one report per crew is written per {@code interval} (by the server's clock) and the rest are answered
 * without writing, so that a crew's app never retries them.
 *
 * <p>The interval is kept in this instance's memory: after a restart the first report of each crew is written
 * whatever came before, which is harmless. Thread-safe; reports of one crew race only for the slot, and exactly
 * one of them gets it.
 */
final class LocationReports {
    private static final Logger log = LoggerFactory.getLogger(LocationReports.class);

    /** Whether a report was written, and when the crew's next one will be. */
    record Outcome(String crewId, boolean written, Instant nextWrittenFrom) {
    }

    private final RollCall rollCall;
    private final EventWriter writer;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

    LocationReports(RollCall rollCall, EventWriter writer, Clock clock, Duration interval) {
        this.rollCall = rollCall;
        this.writer = writer;
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Writes the crew's position unless it wrote one less than {@code interval} ago. A 404 problem for an unknown
     * crew, 409 when it is not on shift (a crew off duty is not tracked).
     */
    Outcome report(String crewId, GeoPoint location, double accuracyMetres, DeviceStamp stamp) {
        RollCall.Rostered rostered = rollCall.getCrew(crewId);
        if (!rollCall.findShift(crewId).map(Shift::onShift).orElse(false)) {
            throw TransitionConflict.shift(crewId, false);
        }
        Instant now = clock.instant();
        Instant previous = lastWritten.get(crewId);
        if (previous != null && now.isBefore(previous.plus(interval))
                || !reserve(crewId, previous, now)) {
            Instant last = lastWritten.getOrDefault(crewId, now);
            return new Outcome(crewId, false, last.plus(interval));
        }
        Event<CrewEvent> event = Event.of(new CrewLocationReported(crewId, rostered.crew().department(), location,
                        accuracyMetres, now), rostered.jurisdiction().jurisdiction().id(), crewId,
                new Actor(ActorRole.CREW, crewId), UUID.randomUUID().toString(), stamp.occurredAt(now));
        try {
            writer.write(Topics.CREWS, crewId, event);
        } catch (RuntimeException e) {
            lastWritten.remove(crewId, now);
            if (previous != null) {
                lastWritten.putIfAbsent(crewId, previous);
            }
            throw e;
        }
        log.debug("location of crew {} written (event {})", crewId, event.eventId());
        return new Outcome(crewId, true, now.plus(interval));
    }

    /** Takes the crew's slot at {@code now} if nobody took it since {@code previous} was read. */
    private boolean reserve(String crewId, Instant previous, Instant now) {
        return previous == null ? lastWritten.putIfAbsent(crewId, now) == null : lastWritten.replace(crewId, previous, now);
    }
}
