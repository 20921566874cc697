package siaga.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A record some service could not process, kept with everything needed to find, understand and replay it.
 * {@code rawValue} is the original value as text (UTF-8, invalid bytes replaced), or null for a null value.
 */
public record DeadLetter(
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String key,
        String rawValue,
        String reason,
        String service,
        Instant failedAt) {

    public DeadLetter {
        Checks.text(sourceTopic, "sourceTopic", 249);
        Checks.text(reason, "reason", 2000);
        Checks.text(service, "service", 100);
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
