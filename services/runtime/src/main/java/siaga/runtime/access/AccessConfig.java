package siaga.runtime.access;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import siaga.runtime.SiagaConfig;

/**
 * Sign-in settings, one set for the whole host (every service's routes share one session):
 *
 * @param sessionSecret           the key that signs session tokens ({@code SIAGA_SESSION_SECRET}, at least 32
 *                                characters). Every instance of every service must share it; when unset a random one
 *                                is made at start, which is fine for one process but signs everyone out on restart.
 * @param sessionTtl              how long a sign-in lasts ({@code SIAGA_SESSION_TTL}, default PT12H, PT1M to P7D)
 * @param publicRequestsPerMinute requests one client address may make per minute to the public endpoints
 *                                (tracking page, Open311, sign-in) ({@code SIAGA_PUBLIC_RATE}, default 120)
 */
public record AccessConfig(String sessionSecret, Duration sessionTtl, int publicRequestsPerMinute) {
    public static final String SESSION_SECRET = "SIAGA_SESSION_SECRET";
    public static final String SESSION_TTL = "SIAGA_SESSION_TTL";
    public static final String PUBLIC_RATE = "SIAGA_PUBLIC_RATE";
    /** Intake's names for these settings before sign-in moved to the host; a deployment still using one must notice. */
    static final Map<String, String> RENAMED = Map.of(
            "SIAGA_INTAKE_SESSION_SECRET", SESSION_SECRET,
            "SIAGA_INTAKE_SESSION_TTL", SESSION_TTL,
            "SIAGA_INTAKE_PUBLIC_RATE", PUBLIC_RATE);

    /**
     * Reads and checks the settings; a bad value, or a setting under its old intake name (which would otherwise be
     * ignored, silently replacing a shared secret by a random one), throws IllegalArgumentException naming it.
     */
    public static AccessConfig from(SiagaConfig config) {
        RENAMED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(renamed -> {
            if (config.find(renamed.getKey()).isPresent()) {
                throw new IllegalArgumentException(renamed.getKey() + " is no longer read: sign-in is shared by every"
                        + " service now; set " + renamed.getValue() + " instead");
            }
        });
        String secret = config.find(SESSION_SECRET).orElseGet(AccessConfig::randomSecret);
        if (secret.length() < 32) {
            throw new IllegalArgumentException(SESSION_SECRET + " must be at least 32 characters");
        }
        Duration sessionTtl = config.getDuration(SESSION_TTL, Duration.ofHours(12));
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(SESSION_TTL + " must be between PT1M and P7D, was " + sessionTtl);
        }
        return new AccessConfig(secret, sessionTtl, config.getInt(PUBLIC_RATE, 120, 1, 1_000_000));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "AccessConfig[sessionTtl=" + sessionTtl + ", publicRequestsPerMinute=" + publicRequestsPerMinute + "]";
    }
}
