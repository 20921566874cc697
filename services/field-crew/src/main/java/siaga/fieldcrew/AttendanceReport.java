package siaga.fieldcrew;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.WorkingCalendar;

/**
 * A department's attendance on one day of its jurisdiction's calendar, from the roll calls in
 * {@link FieldCrewTopology#ATTENDANCE_BY_CREW_AND_DAY}:
 * <ul>
 *   <li>{@code crewsRostered}: every crew of the department in the reference data;</li>
 *   <li>{@code crewsStarted}: those that started a shift that day (local date);</li>
 *   <li>{@code crewsOnTime}: those whose first start was at or before the start of the day's first working
 *       period ({@code shiftStartDue}, e.g. 07:30 WIB in Madiun). On a day without working periods (a weekend
 *       or holiday) nobody is due, so {@code shiftStartDue} is null, {@code crewsOnTime} 0 and each crew's
 *       {@code onTime} null;</li>
 *   <li>{@code membersRostered} / {@code membersPresent}: members of those crews, and members named at that
 *       day's roll calls.</li>
 * </ul>
 * Example: DLH has dlh-1..3; dlh-1 starts at 07:20 WIB with 3 members, dlh-2 at 08:05 with 2: rostered 3,
 * started 2, on time 1, members present 5.
 */
record AttendanceReport(String jurisdiction, String department, LocalDate date, LocalTime shiftStartDue,
                        int crewsRostered, int crewsStarted, int crewsOnTime, int membersRostered, int membersPresent,
                        List<CrewAttendance> crews) {

    /** One crew's line; {@code firstStartedAt} and {@code onTime} are null when it did not start that day. */
    record CrewAttendance(String crewId, String name, boolean started, Instant firstStartedAt, Boolean onTime,
                          int membersRostered, List<String> membersPresent) {
    }

    /** The report from the crews' days, found by {@code dayOf(crewId, date)}. */
    static AttendanceReport of(ReferenceData data, String department, LocalDate date,
                               BiFunction<String, LocalDate, Optional<CrewDay>> dayOf) {
        ZoneId zone = data.jurisdiction().timeZone();
        List<WorkingCalendar.Period> periods = data.jurisdiction().calendar().periodsOn(date);
        LocalTime due = periods.isEmpty() ? null : periods.get(0).start();
        List<CrewAttendance> crews = data.crews().stream()
                .filter(crew -> crew.department().equals(department))
                .map(crew -> {
                    Optional<CrewDay> day = dayOf.apply(crew.id(), date);
                    Instant first = day.map(CrewDay::firstStartedAt).orElse(null);
                    Boolean onTime = first == null || due == null ? null
                            : !LocalDateTime.ofInstant(first, zone).isAfter(date.atTime(due));
                    return new CrewAttendance(crew.id(), crew.name(), day.isPresent(), first, onTime, crew.members().size(),
                            day.map(CrewDay::membersPresent).orElse(List.of()));
                })
                .toList();
        return new AttendanceReport(data.jurisdiction().id(), department, date, due, crews.size(),
                (int) crews.stream().filter(CrewAttendance::started).count(),
                (int) crews.stream().filter(c -> Boolean.TRUE.equals(c.onTime())).count(),
                crews.stream().mapToInt(CrewAttendance::membersRostered).sum(),
                crews.stream().mapToInt(c -> c.membersPresent().size()).sum(),
                crews);
    }
}
