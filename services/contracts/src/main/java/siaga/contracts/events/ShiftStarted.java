package siaga.contracts.events;

import java.util.List;
import java.util.Objects;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;

/**
 * A crew reported for duty at {@code location} (its depot unless it says otherwise): a roll call, naming the
 * members present. Version 2; version 1 had no roll call and reads with no members named.
 */
public record ShiftStarted(String crewId, String department, GeoPoint location, List<String> membersPresent)
        implements CrewEvent {
    public ShiftStarted {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(location, "location");
        membersPresent = List.copyOf(Objects.requireNonNull(membersPresent, "membersPresent"));
    }

    public ShiftStarted(String crewId, String department, GeoPoint location) {
        this(crewId, department, location, List.of());
    }
}
