package siaga.contracts.events;

import java.util.Objects;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;

/** A crew reported for duty at {@code location} (its depot unless it says otherwise). */
public record ShiftStarted(String crewId, String department, GeoPoint location) implements CrewEvent {
    public ShiftStarted {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(location, "location");
    }
}
