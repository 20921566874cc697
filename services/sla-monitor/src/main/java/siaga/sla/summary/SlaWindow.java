package siaga.sla.summary;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The windows of the dimension aggregates, each ending now: the last hour, the local calendar day so far (from
 * midnight in the jurisdiction's zone: at 09:30 WIB, 00:00 WIB = 17:00Z the day before), the last 7 and 30 days.
 * Buckets are whole minutes: a minute counts when it lies in [from, to].
 */
public enum SlaWindow {
    HOUR("1h"), DAY("day"), WEEK("7d"), MONTH("30d");

    private final String wireName;

    SlaWindow(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public Instant from(Instant to, ZoneId zone) {
        return switch (this) {
            case HOUR -> to.minus(Duration.ofHours(1));
            case DAY -> to.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            case WEEK -> to.minus(Duration.ofDays(7));
            case MONTH -> to.minus(Duration.ofDays(30));
        };
    }

    public static Optional<SlaWindow> find(String wireName) {
        for (SlaWindow w : values()) {
            if (w.wireName.equals(wireName)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }
}
