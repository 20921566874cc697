package siaga.intake;

import java.time.Duration;
import siaga.runtime.SiagaConfig;

/**
 * Intake's own settings, on top of the shared ones in {@link SiagaConfig} (sign-in's are the host's:
 * {@link siaga.runtime.access.AccessConfig}).
 *
 * @param sendTimeout            how long a write waits for the broker to acknowledge before answering 503
 *                               ({@code SIAGA_INTAKE_SEND_TIMEOUT}, ISO-8601, default PT10S, PT1S to PT5M)
 * @param databasePoolSize       connections for ticket numbers and idempotency keys ({@code SIAGA_INTAKE_DB_POOL_SIZE}, default 8)
 * @param ticketBlock            ticket numbers an instance reserves at once ({@code SIAGA_INTAKE_TICKET_BLOCK}, default 20,
 *                               1 to 1000); 1 gives consecutive numbers, more spares a database commit per complaint
 *                               but skips the unused rest of a block when the instance stops
 */
public record IntakeConfig(Duration sendTimeout, int databasePoolSize, int ticketBlock) {
    public static final String SEND_TIMEOUT = "SIAGA_INTAKE_SEND_TIMEOUT";
    public static final String DB_POOL_SIZE = "SIAGA_INTAKE_DB_POOL_SIZE";
    public static final String TICKET_BLOCK = "SIAGA_INTAKE_TICKET_BLOCK";

    /** Reads and checks the settings; a bad value throws IllegalArgumentException naming the setting. */
    public static IntakeConfig from(SiagaConfig config) {
        Duration sendTimeout = config.getDuration(SEND_TIMEOUT, Duration.ofSeconds(10));
        if (sendTimeout.compareTo(Duration.ofSeconds(1)) < 0 || sendTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(SEND_TIMEOUT + " must be between PT1S and PT5M, was " + sendTimeout);
        }
        return new IntakeConfig(sendTimeout, config.getInt(DB_POOL_SIZE, 8, 1, 100), config.getInt(TICKET_BLOCK, 20, 1, 1000));
    }
}
