package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/** The assigned crew set off towards the location. Device time in the envelope, receipt time in {@code receivedAt}. */
public record JobEnRoute(String crewId, Instant receivedAt) implements FieldEvent {
    public JobEnRoute {
        Checks.text(crewId, "crewId", 100);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
