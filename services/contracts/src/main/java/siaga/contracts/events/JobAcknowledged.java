package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * The assigned crew accepted the job. The envelope's occurredAt is the crew's device time; {@code receivedAt} is
 * when the server received it (they differ when a phone was offline). Version 2; version 1 had no receivedAt and
 * reads with receivedAt equal to occurredAt.
 */
public record JobAcknowledged(String crewId, Instant receivedAt) implements FieldEvent {
    public JobAcknowledged {
        Checks.text(crewId, "crewId", 100);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
