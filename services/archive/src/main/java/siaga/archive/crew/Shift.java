package siaga.archive.crew;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A row of {@code shifts}: one crew on duty from {@code startedAt} to {@code endedAt} (null while open).
 * {@code shiftId} is the event id of the ShiftStarted that opened it; {@code endEventId} that of the ShiftEnded
 * that closed it.
 */
public record Shift(UUID shiftId, String crewId, String jurisdiction, String department, Instant startedAt,
                    Instant endedAt, UUID endEventId) {
    public Shift {
        Objects.requireNonNull(shiftId, "shiftId");
        Objects.requireNonNull(crewId, "crewId");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public boolean open() {
        return endedAt == null;
    }

    Shift endedBy(UUID eventId, Instant at) {
        return new Shift(shiftId, crewId, jurisdiction, department, startedAt, at, eventId);
    }
}
