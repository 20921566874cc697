package siaga.archive;

import java.time.Duration;
import siaga.runtime.SiagaConfig;

/**
 * The archive's settings, each overridable by environment or config file.
 *
 * @param pollTimeout      how long one poll waits for records ({@code SIAGA_ARCHIVE_POLL_TIMEOUT}, default PT0.5S)
 * @param retryBackoff     the wait after the first failed batch, doubled on each further failure
 *                         ({@code SIAGA_ARCHIVE_RETRY_BACKOFF}, default PT0.2S)
 * @param maxRetryBackoff  the longest wait between retries ({@code SIAGA_ARCHIVE_RETRY_BACKOFF_MAX}, default PT10S)
 * @param maxPollRecords   the most records in one batch, hence in one transaction
 *                         ({@code SIAGA_ARCHIVE_MAX_POLL_RECORDS}, default 2000: each commit waits for its flush)
 * @param sessionTimeout   how long the group waits for an instance that vanished without leaving before its
 *                         partitions move to another ({@code SIAGA_ARCHIVE_SESSION_TIMEOUT}, default PT10S; the
 *                         broker's group.min.session.timeout.ms, 6 s by default, is the floor)
 * @param databasePoolSize connections for the consumer and the HTTP queries ({@code SIAGA_ARCHIVE_DB_POOL_SIZE}, default 4)
 */
public record ArchiveConfig(
        Duration pollTimeout,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        int maxPollRecords,
        Duration sessionTimeout,
        int databasePoolSize) {

    public static final String POLL_TIMEOUT = "SIAGA_ARCHIVE_POLL_TIMEOUT";
    public static final String RETRY_BACKOFF = "SIAGA_ARCHIVE_RETRY_BACKOFF";
    public static final String RETRY_BACKOFF_MAX = "SIAGA_ARCHIVE_RETRY_BACKOFF_MAX";
    public static final String MAX_POLL_RECORDS = "SIAGA_ARCHIVE_MAX_POLL_RECORDS";
    public static final String SESSION_TIMEOUT = "SIAGA_ARCHIVE_SESSION_TIMEOUT";
    public static final String DB_POOL_SIZE = "SIAGA_ARCHIVE_DB_POOL_SIZE";

    public ArchiveConfig {
        positive(pollTimeout, POLL_TIMEOUT);
        positive(retryBackoff, RETRY_BACKOFF);
        positive(sessionTimeout, SESSION_TIMEOUT);
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException(RETRY_BACKOFF_MAX + " must not be shorter than " + RETRY_BACKOFF
                    + ", was " + maxRetryBackoff + " < " + retryBackoff);
        }
    }

    public static ArchiveConfig from(SiagaConfig config) {
        return new ArchiveConfig(
                config.getDuration(POLL_TIMEOUT, Duration.ofMillis(500)),
                config.getDuration(RETRY_BACKOFF, Duration.ofMillis(200)),
                config.getDuration(RETRY_BACKOFF_MAX, Duration.ofSeconds(10)),
                config.getInt(MAX_POLL_RECORDS, 2000, 1, 10_000),
                config.getDuration(SESSION_TIMEOUT, Duration.ofSeconds(10)),
                config.getInt(DB_POOL_SIZE, 4, 2, 64));
    }

    private static void positive(Duration value, String key) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be longer than zero, was " + value);
        }
    }
}
