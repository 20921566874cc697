package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;

/** Where a crew is, as its phone measured it (device time in the envelope), to within {@code accuracyMetres}. */
public record CrewLocationReported(String crewId, String department, GeoPoint location, double accuracyMetres,
                                   Instant receivedAt) implements CrewEvent {
    public CrewLocationReported {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(location, "location");
        if (!(accuracyMetres >= 0 && accuracyMetres <= 100_000)) {
            throw new IllegalArgumentException("accuracyMetres must be between 0 and 100000, was " + accuracyMetres);
        }
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
