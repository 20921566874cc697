package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/** The assigned crew arrived at the location. Device time in the envelope, receipt time in {@code receivedAt}. */
public record JobOnScene(String crewId, Instant receivedAt) implements FieldEvent {
    public JobOnScene {
        Checks.text(crewId, "crewId", 100);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
