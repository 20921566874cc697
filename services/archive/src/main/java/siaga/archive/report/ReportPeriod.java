package siaga.archive.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The calendar periods reports are cut into, in the jurisdiction's zone: a day, an ISO week (Monday to Sunday)
 * or a month. Labels: {@code 2026-03-02}, {@code 2026-W10}, {@code 2026-03}.
 */
public enum ReportPeriod {
    DAY, WEEK, MONTH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportPeriod> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
    }

    /** The first day of the period {@code date} falls in. */
    public LocalDate startOf(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
    }

    /** The first day of the period after the one starting on {@code start}. */
    public LocalDate next(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** The first day of the period {@code count} periods before the one starting on {@code start}. */
    public LocalDate minus(LocalDate start, int count) {
        return switch (this) {
            case DAY -> start.minusDays(count);
            case WEEK -> start.minusWeeks(count);
            case MONTH -> start.minusMonths(count);
        };
    }

    public String label(LocalDate start) {
        return switch (this) {
            case DAY -> start.toString();
            case WEEK -> "%d-W%02d".formatted(start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> "%04d-%02d".formatted(start.getYear(), start.getMonthValue());
        };
    }
}
