package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * The assigned crew fixed the problem; {@code note} says what was done, {@code photoUrl} may show it (or is null).
 * Device time in the envelope, receipt time in {@code receivedAt}. Version 2; version 1 had neither photoUrl nor
 * receivedAt.
 */
public record JobResolved(String crewId, String note, String photoUrl, Instant receivedAt) implements FieldEvent {
    public JobResolved {
        Checks.text(crewId, "crewId", 100);
        Checks.text(note, "note", 2000);
        if (photoUrl != null) {
            Checks.text(photoUrl, "photoUrl", 2000);
        }
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
