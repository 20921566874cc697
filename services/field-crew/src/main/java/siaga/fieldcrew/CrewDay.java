package siaga.fieldcrew;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import siaga.contracts.Checks;

/**
 * One crew's attendance on one day of its jurisdiction's calendar, the value of
 * {@link FieldCrewTopology#ATTENDANCE_BY_CREW_AND_DAY} under {@link #key}: when it first started a shift that
 * day and every member named at that day's roll calls (sorted). Folding a roll call again changes nothing, so a
 * replay does not count a crew twice.
 */
public record CrewDay(String crewId, String department, LocalDate date, Instant firstStartedAt, List<String> membersPresent) {
    public CrewDay {
        Checks.text(crewId, "crewId", 100);
        Checks.text(department, "department", 40);
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(firstStartedAt, "firstStartedAt");
        membersPresent = List.copyOf(new TreeSet<>(membersPresent));
    }

    public static String key(String crewId, LocalDate date) {
        return crewId + "/" + date;
    }

    /** This day with another roll call at {@code startedAt}; {@code current} may be null (the day's first). */
    public static CrewDay rollCall(CrewDay current, String crewId, String department, LocalDate date, Instant startedAt,
                                   List<String> members) {
        if (current == null) {
            return new CrewDay(crewId, department, date, startedAt, members);
        }
        TreeSet<String> all = new TreeSet<>(current.membersPresent());
        all.addAll(members);
        Instant first = startedAt.isBefore(current.firstStartedAt()) ? startedAt : current.firstStartedAt();
        return new CrewDay(crewId, department, date, first, List.copyOf(all));
    }
}
