package siaga.sla.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.WorkingCalendar;

/**
 * The clock an SLA target runs on: either every hour of every day ({@link #always()}), or only the working
 * periods of a jurisdiction's {@link WorkingCalendar}, read in the jurisdiction's own zone.
 *
 * <p>Worked example on the demo calendar of Kota Madiun (WIB, UTC+7; Friday 07:30-11:30 and 13:00-16:30,
 * Monday 07:30-16:00): a street light reported on Friday 6 March 2026 at 15:50 WIB with a 4-hour resolve target
 * has 40 working minutes left that Friday, nothing on Saturday and Sunday, and the remaining 3 h 20 min from
 * Monday 07:30, so it is due Monday 9 March at 10:50 WIB (03:50Z). The same complaint in a WITA city (UTC+8)
 * with the same local calendar is due Monday at 10:50 WITA, which is 02:50Z: one hour earlier in UTC.
 *
 * <p>Periods are half-open, [start, end): a complaint reported at 16:30 on that Friday starts counting on Monday
 * at 07:30, one reported at 07:30 counts from that minute. Immutable and thread-safe.
 */
public final class WorkingTime {
    /** How far {@link #plus} looks ahead before deciding a calendar has no working time at all. */
    static final int MAX_DAYS_AHEAD = 3660;
    private static final WorkingTime ALWAYS = new WorkingTime(null, null);

    private final WorkingCalendar calendar;
    private final ZoneId zone;

    private WorkingTime(WorkingCalendar calendar, ZoneId zone) {
        this.calendar = calendar;
        this.zone = zone;
    }

    /** 24 hours a day, 7 days a week: working time is elapsed time. */
    public static WorkingTime always() {
        return ALWAYS;
    }

    /** Working periods and holidays of {@code calendar}, whose local times are in {@code zone}. */
    public static WorkingTime of(WorkingCalendar calendar, ZoneId zone) {
        return new WorkingTime(Objects.requireNonNull(calendar, "calendar"), Objects.requireNonNull(zone, "zone"));
    }

    /** The clock a category's targets run on in {@code jurisdiction}: see {@link ReferenceData.Category#slaCalendar()}. */
    public static WorkingTime forCategory(ReferenceData.Jurisdiction jurisdiction, ReferenceData.Category category) {
        return ReferenceData.Category.WORKING_HOURS.equals(category.slaCalendar())
                ? of(jurisdiction.calendar(), jurisdiction.timeZone())
                : always();
    }

    /**
     * The instant at which {@code working} of working time has passed since {@code from}. A zero duration is
     * {@code from} itself, even outside working hours; otherwise the result always lies within or at the end
     * of a working period. Throws IllegalStateException if the calendar has no working time in ten years.
     */
    public Instant plus(Instant from, Duration working) {
        if (working.isNegative()) {
            throw new IllegalArgumentException("working time must not be negative, was " + working);
        }
        if (calendar == null || working.isZero()) {
            return from.plus(working);
        }
        Duration remaining = working;
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS_AHEAD; i++, day = day.plusDays(1)) {
            for (WorkingCalendar.Period period : calendar.periodsOn(day)) {
                Instant start = day.atTime(period.start()).atZone(zone).toInstant();
                Instant end = day.atTime(period.end()).atZone(zone).toInstant();
                if (!end.isAfter(from)) {
                    continue;
                }
                Instant counting = start.isBefore(from) ? from : start;
                Duration available = Duration.between(counting, end);
                if (remaining.compareTo(available) <= 0) {
                    return counting.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("the working calendar has no working time within " + MAX_DAYS_AHEAD + " days of " + from);
    }

    /** The working time within [from, to); zero when {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (calendar == null) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            for (WorkingCalendar.Period period : calendar.periodsOn(day)) {
                Instant start = day.atTime(period.start()).atZone(zone).toInstant();
                Instant end = day.atTime(period.end()).atZone(zone).toInstant();
                Instant overlapStart = start.isBefore(from) ? from : start;
                Instant overlapEnd = end.isAfter(to) ? to : end;
                if (overlapEnd.isAfter(overlapStart)) {
                    total = total.plus(Duration.between(overlapStart, overlapEnd));
                }
            }
        }
        return total;
    }

    public boolean isAlways() {
        return calendar == null;
    }
}
