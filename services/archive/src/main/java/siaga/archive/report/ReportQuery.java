package siaga.archive.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A report to compute: by {@code dimension}, per {@code period}, in {@code zone} (the jurisdiction's), over the
 * periods from the one holding {@code from} to the one holding {@code to}, both local dates, inclusive. With
 * {@code period} month, from 2026-03-05 to 2026-04-10 covers March and April whole. {@code now} ends the shifts
 * still open.
 */
public record ReportQuery(ReportDimension dimension, ReportPeriod period, String jurisdiction, ZoneId zone,
                          LocalDate from, LocalDate to, Instant now) {
    public static final int MAX_PERIODS = 400;

    public ReportQuery {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(zone, "zone");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        Objects.requireNonNull(now, "now");
    }

    /** One period: its label, its first day and the first day after it, and the instants those days start. */
    public record Period(String label, LocalDate firstDay, LocalDate nextDay, Instant start, Instant end) {
    }

    /** The periods in order; {@link #periodCount} of them. */
    public List<Period> periods() {
        List<Period> periods = new ArrayList<>();
        for (LocalDate day = period.startOf(from); !day.isAfter(to); day = period.next(day)) {
            LocalDate next = period.next(day);
            periods.add(new Period(period.label(day), day, next, startOf(day), startOf(next)));
        }
        return periods;
    }

    /** The local days the periods span, each as a one-day period. */
    public List<Period> days() {
        List<Period> days = new ArrayList<>();
        LocalDate end = period.next(period.startOf(to));
        for (LocalDate day = period.startOf(from); day.isBefore(end); day = day.plusDays(1)) {
            days.add(new Period(day.toString(), day, day.plusDays(1), startOf(day), startOf(day.plusDays(1))));
        }
        return days;
    }

    public long periodCount() {
        long count = 0;
        for (LocalDate day = period.startOf(from); !day.isAfter(to) && count <= MAX_PERIODS; day = period.next(day)) {
            count++;
        }
        return count;
    }

    private Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }
}
