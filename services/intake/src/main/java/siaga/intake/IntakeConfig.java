package siaga.intake;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import siaga.runtime.SiagaConfig;

/**
 * Intake's own settings, on top of the shared ones in {@link SiagaConfig}.
 *
 * @param sendTimeout            how long a write waits for the broker to acknowledge before answering 503
 *                               ({@code SIAGA_INTAKE_SEND_TIMEOUT}, ISO-8601, default PT10S, PT1S to PT5M)
 * @param databasePoolSize       connections for ticket numbers and idempotency keys ({@code SIAGA_INTAKE_DB_POOL_SIZE}, default 8)
 * @param ticketBlock            ticket numbers an instance reserves at once ({@code SIAGA_INTAKE_TICKET_BLOCK}, default 20,
 *                               1 to 1000); 1 gives consecutive numbers, more spares a database commit per complaint
 *                               but skips the unused rest of a block when the instance stops
 * @param sessionSecret          the key that signs session tokens ({@code SIAGA_INTAKE_SESSION_SECRET}, at least 32
 *                               characters). Every intake instance must share it; when unset a random one is made at
 *                               start, which is fine for one instance but signs everyone out on restart.
 * @param sessionTtl             how long a sign-in lasts ({@code SIAGA_INTAKE_SESSION_TTL}, default PT12H, PT1M to P7D)
 * @param publicRequestsPerMinute requests one client address may make per minute to the public endpoints
 *                               (tracking page, Open311, sign-in) ({@code SIAGA_INTAKE_PUBLIC_RATE}, default 120)
 */
public record IntakeConfig(Duration sendTimeout, int databasePoolSize, int ticketBlock, String sessionSecret,
                           Duration sessionTtl, int publicRequestsPerMinute) {
    public static final String SEND_TIMEOUT = "SIAGA_INTAKE_SEND_TIMEOUT";
    public static final String DB_POOL_SIZE = "SIAGA_INTAKE_DB_POOL_SIZE";
    public static final String TICKET_BLOCK = "SIAGA_INTAKE_TICKET_BLOCK";
    public static final String SESSION_SECRET = "SIAGA_INTAKE_SESSION_SECRET";
    public static final String SESSION_TTL = "SIAGA_INTAKE_SESSION_TTL";
    public static final String PUBLIC_RATE = "SIAGA_INTAKE_PUBLIC_RATE";

    /** Reads and checks the settings; a bad value throws IllegalArgumentException naming the setting. */
    public static IntakeConfig from(SiagaConfig config) {
        Duration sendTimeout = config.getDuration(SEND_TIMEOUT, Duration.ofSeconds(10));
        if (sendTimeout.compareTo(Duration.ofSeconds(1)) < 0 || sendTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(SEND_TIMEOUT + " must be between PT1S and PT5M, was " + sendTimeout);
        }
        String secret = config.find(SESSION_SECRET).orElseGet(IntakeConfig::randomSecret);
        if (secret.length() < 32) {
            throw new IllegalArgumentException(SESSION_SECRET + " must be at least 32 characters");
        }
        Duration sessionTtl = config.getDuration(SESSION_TTL, Duration.ofHours(12));
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(SESSION_TTL + " must be between PT1M and P7D, was " + sessionTtl);
        }
        return new IntakeConfig(sendTimeout, config.getInt(DB_POOL_SIZE, 8, 1, 100),
                config.getInt(TICKET_BLOCK, 20, 1, 1000), secret, sessionTtl,
                config.getInt(PUBLIC_RATE, 120, 1, 1_000_000));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "IntakeConfig[sendTimeout=" + sendTimeout + ", databasePoolSize=" + databasePoolSize + ", ticketBlock=" + ticketBlock
                + ", sessionTtl=" + sessionTtl + ", publicRequestsPerMinute=" + publicRequestsPerMinute + "]";
    }
}
