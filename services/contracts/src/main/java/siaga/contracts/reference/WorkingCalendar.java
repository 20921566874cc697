package siaga.contracts.reference;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A jurisdiction's working time, in its own zone: the working periods of each weekday (several per day where
 * there is a break, such as Friday prayers) and the public holidays, on which nobody works. Days absent from
 * {@code workingHours} are not worked. Immutable. Computing due moments on it belongs to the SLA monitor.
 */
public record WorkingCalendar(Map<DayOfWeek, List<Period>> workingHours, List<Holiday> holidays) {
    /** Used where a jurisdiction's YAML names no calendar: Monday to Friday, 07:30 to 16:00, no holidays. */
    public static final WorkingCalendar OFFICE_HOURS = new WorkingCalendar(Map.of(
            DayOfWeek.MONDAY, List.of(new Period(LocalTime.of(7, 30), LocalTime.of(16, 0))),
            DayOfWeek.TUESDAY, List.of(new Period(LocalTime.of(7, 30), LocalTime.of(16, 0))),
            DayOfWeek.WEDNESDAY, List.of(new Period(LocalTime.of(7, 30), LocalTime.of(16, 0))),
            DayOfWeek.THURSDAY, List.of(new Period(LocalTime.of(7, 30), LocalTime.of(16, 0))),
            DayOfWeek.FRIDAY, List.of(new Period(LocalTime.of(7, 30), LocalTime.of(16, 0)))), List.of());

    public WorkingCalendar {
        Objects.requireNonNull(workingHours, "workingHours");
        Map<DayOfWeek, List<Period>> copy = new EnumMap<>(DayOfWeek.class);
        workingHours.forEach((day, periods) -> {
            List<Period> sorted = periods.stream().sorted(java.util.Comparator.comparing(Period::start)).toList();
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).start().isBefore(sorted.get(i - 1).end())) {
                    throw new IllegalArgumentException("working periods of " + day + " overlap");
                }
            }
            copy.put(day, sorted);
        });
        workingHours = java.util.Collections.unmodifiableMap(copy);
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
    }

    public List<Period> periodsOn(LocalDate date) {
        if (isHoliday(date)) {
            return List.of();
        }
        return workingHours.getOrDefault(date.getDayOfWeek(), List.of());
    }

    public boolean isHoliday(LocalDate date) {
        return holidays.stream().anyMatch(h -> h.date().equals(date));
    }

    /** A working period within one day, [start, end). */
    public record Period(LocalTime start, LocalTime end) {
        public Period {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a working period must start before it ends: " + start + "-" + end);
            }
        }
    }

    public record Holiday(LocalDate date, String name) {
        public Holiday {
            Objects.requireNonNull(date, "date");
            siaga.contracts.Checks.text(name, "holiday name", 100);
        }
    }

}
