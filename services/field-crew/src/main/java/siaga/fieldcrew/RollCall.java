package siaga.fieldcrew;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Topics;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/**
 * Crews reporting for and going off duty: a crew of the reference data may start a shift only when off shift
 * and end it only when on shift. Starting is a roll call: the members present are named, and each must be a
 * member of that crew in the reference data (none named is allowed: a crew whose app does not ask yet). Writes {@code ShiftStarted} / {@code ShiftEnded} to {@code crews}, keyed by
 * crew id, in the crew's jurisdiction, then waits, bounded, until the view has applied it.
 *
 * <p>Requests for one crew are serialised inside this instance; across instances the crew's owner partition
 * of {@code crews} is the unit of consistency (later work, as for jobs).
 */
final class RollCall {
    private static final Logger log = LoggerFactory.getLogger(RollCall.class);
    private static final int LOCK_STRIPES = 16;

    record Rostered(ReferenceData jurisdiction, ReferenceData.Crew crew) {
    }

    private final ReferenceCatalog reference;
    private final FieldCrewViews views;
    private final EventWriter writer;
    private final Clock clock;
    private final Duration viewWait;
    private final StripedLocks locks = new StripedLocks(LOCK_STRIPES);

    RollCall(ReferenceCatalog reference, FieldCrewViews views, EventWriter writer, Clock clock, Duration viewWait) {
        this.reference = reference;
        this.views = views;
        this.writer = writer;
        this.clock = clock;
        this.viewWait = viewWait;
    }

    /** The crew in whichever configured jurisdiction has it; a 404 problem if none does. */
    Rostered getCrew(String crewId) {
        for (ReferenceData data : reference.list()) {
            Optional<ReferenceData.Crew> crew = data.findCrew(crewId);
            if (crew.isPresent()) {
                return new Rostered(data, crew.get());
            }
        }
        throw ProblemException.notFound("no crew " + crewId + " is configured");
    }

    /** The crew's shift as the view has it; empty if it never reported. */
    Optional<Shift> findShift(String crewId) {
        return views.findShift(crewId);
    }

    /**
     * Starts the crew's shift at {@code location}, or at its depot when null, with {@code membersPresent} (member
     * ids, possibly none). The location must lie inside the crew's jurisdiction: a point outside is far more
     * likely a bad GPS fix than a crew on duty there. A 400 problem names {@code /location} or each bad
     * {@code /membersPresent/i}.
     */
    Shift start(String crewId, GeoPoint location, List<String> membersPresent) {
        Rostered rostered = getCrew(crewId);
        GeoPoint at = location != null ? location : rostered.crew().depot();
        ReferenceData.Jurisdiction jurisdiction = rostered.jurisdiction().jurisdiction();
        List<FieldError> errors = new ArrayList<>();
        if (!jurisdiction.bounds().contains(at)) {
            errors.add(new FieldError("/location", "must lie inside " + jurisdiction.name()));
        }
        errors.addAll(notMembers(rostered.crew(), membersPresent));
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", errors.stream().map(e -> e.pointer() + " " + e.message()).toList()),
                    errors);
        }
        return locks.withLock(crewId, () -> {
            boolean onShift = views.findShift(crewId).map(Shift::onShift).orElse(false);
            if (onShift) {
                throw TransitionConflict.shift(crewId, true);
            }
            Shift shift = write(rostered, new ShiftStarted(crewId, rostered.crew().department(), at, membersPresent));
            log.info("shift started by crew {} at {},{} with {} members present", crewId, at.lat(), at.lon(), membersPresent.size());
            return shift;
        });
    }

    private static List<FieldError> notMembers(ReferenceData.Crew crew, List<String> membersPresent) {
        Set<String> members = new HashSet<>();
        crew.members().forEach(m -> members.add(m.id()));
        Set<String> seen = new HashSet<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < membersPresent.size(); i++) {
            String member = membersPresent.get(i);
            if (!members.contains(member)) {
                errors.add(new FieldError("/membersPresent/" + i, "is not a member of crew " + crew.id()));
            } else if (!seen.add(member)) {
                errors.add(new FieldError("/membersPresent/" + i, "is named twice"));
            }
        }
        return errors;
    }

    Shift end(String crewId) {
        Rostered rostered = getCrew(crewId);
        return locks.withLock(crewId, () -> {
            boolean onShift = views.findShift(crewId).map(Shift::onShift).orElse(false);
            if (!onShift) {
                throw TransitionConflict.shift(crewId, false);
            }
            Shift shift = write(rostered, new ShiftEnded(crewId, rostered.crew().department()));
            log.info("shift ended by crew {}", crewId);
            return shift;
        });
    }

    private Shift write(Rostered rostered, CrewEvent payload) {
        String crewId = rostered.crew().id();
        Event<CrewEvent> event = Event.of(payload, rostered.jurisdiction().jurisdiction().id(), crewId,
                new Actor(ActorRole.CREW, crewId), UUID.randomUUID().toString(), clock.instant());
        writer.write(Topics.CREWS, crewId, event);
        if (views.awaitShift(crewId, s -> s.lastEventId().equals(event.eventId()), viewWait).isEmpty()) {
            log.warn("view has not applied {} {} for crew {} within {}", event.type(), event.eventId(), crewId, viewWait);
        }
        return Shift.of(event);
    }
}
