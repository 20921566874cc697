package siaga.fieldcrew;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.Checks;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;

/**
 * A crew's roll-call state, the value of {@link FieldCrewTopology#SHIFTS_BY_CREW}: on or off shift since when,
 * where it reported for duty and who was there at the roll call. {@code location} is null and
 * {@code membersPresent} empty off shift. {@code lastEventId} lets a request wait until the view has applied the
 * event it wrote. Location reports do not change it: where a crew is now is the dispatcher's business.
 */
public record Shift(
        String crewId,
        String jurisdiction,
        String department,
        boolean onShift,
        GeoPoint location,
        Instant since,
        List<String> membersPresent,
        UUID lastEventId) {

    /** The states a 409 problem names. */
    public static final String ON_SHIFT = "on-shift";
    public static final String OFF_SHIFT = "off-shift";

    public Shift {
        Checks.text(crewId, "crewId", 100);
        Checks.text(jurisdiction, "jurisdiction", 40);
        Checks.text(department, "department", 40);
        if (onShift != (location != null)) {
            throw new IllegalArgumentException("a crew has a location exactly when it is on shift");
        }
        Objects.requireNonNull(since, "since");
        membersPresent = membersPresent == null ? List.of() : List.copyOf(membersPresent);
        Objects.requireNonNull(lastEventId, "lastEventId");
    }

    /** The shift a crew event states. */
    public static Shift of(Event<? extends CrewEvent> event) {
        CrewEvent data = event.data();
        if (data instanceof ShiftStarted started) {
            return new Shift(started.crewId(), event.jurisdiction(), started.department(), true, started.location(),
                    event.occurredAt(), started.membersPresent(), event.eventId());
        }
        if (data instanceof ShiftEnded ended) {
            return new Shift(ended.crewId(), event.jurisdiction(), ended.department(), false, null,
                    event.occurredAt(), List.of(), event.eventId());
        }
        throw new IllegalArgumentException("no shift for " + data.getClass().getSimpleName());
    }

    /**
     * The fold of {@code crews}. A shift event states the crew's whole roll-call state, so it applies whatever
     * came before: applying it again (a replay) gives the same state, and the legality of starting or ending is
     * checked by {@link RollCall} before the event is written, not here. A location report leaves the shift as
     * it is. Rejected only when the event is about another crew than its key.
     *
     * @param current the crew's shift so far, null if it never reported
     */
    public static Shift evolve(String crewId, Shift current, Event<? extends CrewEvent> event) throws RejectedEvent {
        if (!event.data().crewId().equals(crewId)) {
            throw new RejectedEvent("event is about crew " + event.data().crewId() + " but keyed by crew " + crewId);
        }
        if (event.data() instanceof CrewLocationReported) {
            return current;
        }
        return of(event);
    }
}
