package siaga.sla.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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
 * at 07:30, one reported at 07:30 counts from that minute.
 *
 * <p>The administrative clocks of the national complaint rules count working days rather than working hours
 * ({@link #workingDays}): every whole day of the calendar that has working periods and is no holiday counts 24 h,
 * so three working days are 72 h of it. Reported on Friday 6 March 2026 at 10:00 WIB, a forward deadline of 3
 * working days is due on Wednesday 11 March at 10:00 WIB (14 h of Friday, Monday, Tuesday, 10 h of Wednesday);
 * with Tuesday a holiday, on Thursday at 10:00. Immutable and thread-safe.
 */
public final class WorkingTime {
    /** How far {@link #plus} looks ahead before deciding a calendar has no working time at all. */
    static final int MAX_DAYS_AHEAD = 3660;
    private static final WorkingTime ALWAYS = new WorkingTime(null, null, false);

    private final WorkingCalendar calendar;
    private final ZoneId zone;
    private final boolean wholeDays;

    private WorkingTime(WorkingCalendar calendar, ZoneId zone, boolean wholeDays) {
        this.calendar = calendar;
        this.zone = zone;
        this.wholeDays = wholeDays;
    }

    /** 24 hours a day, 7 days a week: working time is elapsed time. */
    public static WorkingTime always() {
        return ALWAYS;
    }

    /** Working periods and holidays of {@code calendar}, whose local times are in {@code zone}. */
    public static WorkingTime of(WorkingCalendar calendar, ZoneId zone) {
        return new WorkingTime(Objects.requireNonNull(calendar, "calendar"), Objects.requireNonNull(zone, "zone"), false);
    }

    /** Whole working days of {@code calendar} in {@code zone}: a day with working periods, not a holiday, counts 24 h. */
    public static WorkingTime workingDays(WorkingCalendar calendar, ZoneId zone) {
        return new WorkingTime(Objects.requireNonNull(calendar, "calendar"), Objects.requireNonNull(zone, "zone"), true);
    }

    /** The clock of the administrative stages in {@code jurisdiction}: its working days. */
    public static WorkingTime administrative(ReferenceData.Jurisdiction jurisdiction) {
        return workingDays(jurisdiction.calendar(), jurisdiction.timeZone());
    }

    /** The clock a category's targets run on in {@code jurisdiction}: see {@link ReferenceData.Category#slaCalendar()}. */
    public static WorkingTime forCategory(ReferenceData.Jurisdiction jurisdiction, ReferenceData.Category category) {
        return forCalendar(jurisdiction, category.slaCalendar());
    }

    /** The clock named {@code slaCalendar} ({@code always} or {@code working-hours}) in {@code jurisdiction}. */
    public static WorkingTime forCalendar(ReferenceData.Jurisdiction jurisdiction, String slaCalendar) {
        return ReferenceData.Category.WORKING_HOURS.equals(slaCalendar)
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
            for (Instant[] period : periodsOn(day)) {
                Instant start = period[0];
                Instant end = period[1];
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
            for (Instant[] period : periodsOn(day)) {
                Instant start = period[0];
                Instant end = period[1];
                Instant overlapStart = start.isBefore(from) ? from : start;
                Instant overlapEnd = end.isAfter(to) ? to : end;
                if (overlapEnd.isAfter(overlapStart)) {
                    total = total.plus(Duration.between(overlapStart, overlapEnd));
                }
            }
        }
        return total;
    }

    /** The working periods of {@code day}, as [start, end) instants, in order. */
    private List<Instant[]> periodsOn(LocalDate day) {
        List<WorkingCalendar.Period> periods = calendar.periodsOn(day);
        if (wholeDays) {
            return periods.isEmpty() ? List.of()
                    : List.<Instant[]>of(new Instant[] {day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()});
        }
        List<Instant[]> instants = new ArrayList<>(periods.size());
        for (WorkingCalendar.Period period : periods) {
            instants.add(new Instant[] {day.atTime(period.start()).atZone(zone).toInstant(), day.atTime(period.end()).atZone(zone).toInstant()});
        }
        return instants;
    }

    public boolean isAlways() {
        return calendar == null;
    }
}
