package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import siaga.contracts.Checks;

/** The assigned crew declined the job, with a reason from {@link #REASONS}; the dispatcher reassigns it elsewhere. */
public record JobDeclined(String crewId, String reason, String note, Instant receivedAt) implements FieldEvent {
    public static final Set<String> REASONS = Set.of("vehicle-broken", "crew-incomplete", "lacking-equipment",
            "out-of-area", "unsafe-conditions", "other");

    public JobDeclined {
        Checks.text(crewId, "crewId", 100);
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("reason must be one of " + REASONS + ", was " + reason);
        }
        if (note != null) {
            Checks.text(note, "note", 2000);
        }
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
