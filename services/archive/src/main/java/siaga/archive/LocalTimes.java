package siaga.archive;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Instants as a viewer reads them: ISO-8601 offset date-times in the viewer's zone, shown beside the UTC
 * instants they render ({@code "2026-03-02T08:00:00+07:00"} beside {@code "2026-03-02T01:00:00Z"} in
 * Asia/Jakarta). Display only: every query and every stored time is a UTC instant.
 */
public final class LocalTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private LocalTimes() {
    }

    /** {@code instant} in {@code zone}, or null for null. */
    public static String format(Instant instant, ZoneId zone) {
        return instant == null ? null : FORMAT.format(instant.atZone(zone).toOffsetDateTime());
    }
}
