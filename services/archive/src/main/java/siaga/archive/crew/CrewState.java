package siaga.archive.crew;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;

/**
 * A row of {@code crews}: whether a crew is on shift, and which shift is open. A pure fold over the crew's
 * events on the {@code crews} topic ({@link #evolve}), taken in the order of that topic's partition: the topic
 * is keyed by crew id, so a crew's events arrive in the order field-crew wrote them, and the archive never
 * reorders them by event time.
 *
 * <p>A ShiftStarted opens a shift unless one is open already (the crew is on duty; the roll call is archived as
 * an event but changes nothing); a ShiftEnded closes the open shift, or changes nothing when none is open.
 * Other crew events (locations) only move {@code updatedAt}. For example started 07:00, started 07:05, ended
 * 15:00 is one shift 07:00–15:00, whose id is the first start's event id.
 *
 * <p>{@code jurisdiction} is that of the latest event, {@code department} that of the latest shift event (null
 * while only other events are folded in); {@code openShift} is null off shift.
 */
public record CrewState(String crewId, String jurisdiction, String department, Shift openShift, Instant updatedAt,
                        UUID lastEventId) {

    public CrewState {
        Objects.requireNonNull(crewId, "crewId");
    }

    /** What one event did: the crew's state after it, and the shift it opened or closed, if any. */
    public record Step(CrewState state, Optional<Shift> changedShift) {
    }

    /** A crew of which no event has been folded in yet: no row. */
    public static CrewState initial(String crewId) {
        return new CrewState(crewId, null, null, null, null, null);
    }

    public boolean exists() {
        return lastEventId != null;
    }

    public boolean onShift() {
        return openShift != null;
    }

    /** The state after {@code event}; an event that is not a crew event changes nothing. */
    public Step evolve(Event<?> event) {
        if (!(event.data() instanceof CrewEvent data) || !data.crewId().equals(crewId)) {
            return new Step(this, Optional.empty());
        }
        Instant at = event.occurredAt();
        String department = this.department;
        Shift open = openShift;
        Shift changed = null;
        if (data instanceof ShiftStarted started) {
            department = started.department();
            if (open == null) {
                open = new Shift(event.eventId(), crewId, event.jurisdiction(), started.department(), at, null, null);
                changed = open;
            }
        } else if (data instanceof ShiftEnded ended) {
            department = ended.department();
            if (open != null) {
                changed = open.endedBy(event.eventId(), at);
                open = null;
            }
        }
        return new Step(new CrewState(crewId, event.jurisdiction(), department, open, at, event.eventId()),
                Optional.ofNullable(changed));
    }
}
