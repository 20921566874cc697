package siaga.sla.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.WorkingCalendar;

/**
 * Working time on the demo calendar of Kota Madiun: Monday to Thursday 07:30-16:00, Friday 07:30-11:30 and
 * 13:00-16:30, public holidays off. Friday 6 March 2026 is a Friday; 1 June 2027 (Hari Lahir Pancasila) a Tuesday.
 */
class WorkingTimeTest {
    private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final WorkingCalendar MADIUN = ReferenceData.demo().jurisdiction().calendar();
    private static final WorkingTime IN_MADIUN = WorkingTime.of(MADIUN, WIB);

    @Test
    void fourWorkingHoursFromFridayTenToFourAreDueOnMondayAtTenFifty() {
        Instant reported = local("2026-03-06T15:50", WIB);

        Instant due = IN_MADIUN.plus(reported, Duration.ofHours(4));

        assertThat(due).isEqualTo(local("2026-03-09T10:50", WIB)).isEqualTo(Instant.parse("2026-03-09T03:50:00Z"));
        assertThat(IN_MADIUN.between(reported, due)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void aHolidayOnTheMondayMovesTheDueMomentToTuesday() {
        WorkingTime withHoliday = WorkingTime.of(withHoliday(MADIUN, LocalDate.parse("2026-03-09")), WIB);

        assertThat(withHoliday.plus(local("2026-03-06T15:50", WIB), Duration.ofHours(4))).isEqualTo(local("2026-03-10T10:50", WIB));
    }

    @Test
    void aPublicHolidayOfTheDemoCalendarIsSkipped() {
        Instant mondayBeforePancasilaDay = local("2027-05-31T15:50", WIB);

        assertThat(IN_MADIUN.plus(mondayBeforePancasilaDay, Duration.ofHours(4)))
                .as("10 min on Monday, Tuesday 1 June off, 3 h 50 min on Wednesday").isEqualTo(local("2027-06-02T11:20", WIB));
    }

    @Test
    void theSameLocalCalendarInAWitaCityIsDueAtTheSameLocalTimeAnHourEarlierInUtc() {
        WorkingTime inWita = WorkingTime.of(MADIUN, WITA);

        Instant due = inWita.plus(local("2026-03-06T15:50", WITA), Duration.ofHours(4));

        assertThat(due).isEqualTo(local("2026-03-09T10:50", WITA)).isEqualTo(Instant.parse("2026-03-09T02:50:00Z"));
        assertThat(Duration.between(due, IN_MADIUN.plus(local("2026-03-06T15:50", WIB), Duration.ofHours(4))))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aComplaintReportedOutsideWorkingHoursStartsCountingAtTheNextPeriod() {
        assertThat(IN_MADIUN.plus(local("2026-03-07T09:00", WIB), Duration.ofMinutes(30)))
                .as("Saturday morning: from Monday 07:30").isEqualTo(local("2026-03-09T08:00", WIB));
        assertThat(IN_MADIUN.plus(local("2026-03-09T05:00", WIB), Duration.ofMinutes(30)))
                .as("Monday before office hours").isEqualTo(local("2026-03-09T08:00", WIB));
        assertThat(IN_MADIUN.plus(local("2026-03-06T12:00", WIB), Duration.ofMinutes(30)))
                .as("in the Friday prayer break: from 13:00").isEqualTo(local("2026-03-06T13:30", WIB));
        assertThat(IN_MADIUN.between(local("2026-03-07T09:00", WIB), local("2026-03-09T08:00", WIB)))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void periodsAreHalfOpenAtTheirBoundaries() {
        assertThat(IN_MADIUN.plus(local("2026-03-06T16:30", WIB), Duration.ofMinutes(1)))
                .as("reported as Friday's last period ends: counts from Monday").isEqualTo(local("2026-03-09T07:31", WIB));
        assertThat(IN_MADIUN.plus(local("2026-03-09T07:30", WIB), Duration.ofMinutes(1)))
                .as("reported as Monday starts: counts at once").isEqualTo(local("2026-03-09T07:31", WIB));
        assertThat(IN_MADIUN.plus(local("2026-03-06T15:50", WIB), Duration.ofMinutes(40)))
                .as("a target that uses up the period exactly is due at its end").isEqualTo(local("2026-03-06T16:30", WIB));
        assertThat(IN_MADIUN.plus(local("2026-03-06T11:00", WIB), Duration.ofMinutes(30)))
                .as("and not at the start of the next").isEqualTo(local("2026-03-06T11:30", WIB));
        assertThat(IN_MADIUN.plus(local("2026-03-06T11:00", WIB), Duration.ofMinutes(31))).isEqualTo(local("2026-03-06T13:01", WIB));
        assertThat(IN_MADIUN.between(local("2026-03-06T16:30", WIB), local("2026-03-09T07:30", WIB))).isEqualTo(Duration.ZERO);
    }

    @Test
    void aZeroTargetIsDueAtTheReportEvenOutsideWorkingHours() {
        Instant saturday = local("2026-03-07T09:00", WIB);

        assertThat(IN_MADIUN.plus(saturday, Duration.ZERO)).isEqualTo(saturday);
    }

    @Test
    void alwaysIsElapsedTime() {
        Instant reported = local("2026-03-06T15:50", WIB);

        assertThat(WorkingTime.always().plus(reported, Duration.ofHours(4))).isEqualTo(local("2026-03-06T19:50", WIB));
        assertThat(WorkingTime.always().between(reported, reported.plus(Duration.ofDays(3)))).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void theCategoryChoosesTheClock() {
        ReferenceData madiun = ReferenceData.demo();

        assertThat(WorkingTime.forCategory(madiun.jurisdiction(), madiun.getCategory("street-light-out")).isAlways()).isFalse();
        assertThat(WorkingTime.forCategory(madiun.jurisdiction(), madiun.getCategory("fire")).isAlways()).isTrue();
    }

    @Test
    void aCalendarWithoutWorkingTimeIsRefusedRatherThanLoopingForever() {
        WorkingTime never = WorkingTime.of(new WorkingCalendar(Map.of(), List.of()), WIB);

        assertThatThrownBy(() -> never.plus(local("2026-03-06T15:50", WIB), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the working calendar has no working time within 3660 days of 2026-03-06T08:50:00Z");
    }

    @Test
    void threeWorkingDaysFromFridayMorningAreDueOnWednesdayAtTheSameLocalTime() {
        WorkingTime days = WorkingTime.workingDays(MADIUN, WIB);
        Instant reported = local("2026-03-06T10:00", WIB);

        assertThat(days.plus(reported, Duration.ofDays(3))).as("14 h of Friday, Monday, Tuesday, 10 h of Wednesday")
                .isEqualTo(local("2026-03-11T10:00", WIB));
        assertThat(WorkingTime.workingDays(withHoliday(MADIUN, LocalDate.parse("2026-03-10")), WIB).plus(reported, Duration.ofDays(3)))
                .as("a holiday on Tuesday moves it a day").isEqualTo(local("2026-03-12T10:00", WIB));
        assertThat(days.between(local("2026-03-07T09:00", WIB), local("2026-03-09T09:00", WIB)))
                .as("from Saturday morning: nothing of the weekend, Monday until 09:00").isEqualTo(Duration.ofHours(9));
    }

    @Test
    void workingDaysInAWitaCityEndAtLocalMidnight() {
        WorkingTime days = WorkingTime.workingDays(MADIUN, WITA);
        Instant reported = local("2026-03-06T23:00", WITA);

        assertThat(days.plus(reported, Duration.ofHours(2))).as("an hour of Friday, then from Monday 00:00 WITA")
                .isEqualTo(local("2026-03-09T01:00", WITA)).isEqualTo(Instant.parse("2026-03-08T17:00:00Z"));
    }

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    private static WorkingCalendar withHoliday(WorkingCalendar calendar, LocalDate date) {
        List<WorkingCalendar.Holiday> holidays = new ArrayList<>(calendar.holidays());
        holidays.add(new WorkingCalendar.Holiday(date, "test holiday"));
        return new WorkingCalendar(calendar.workingHours(), holidays);
    }
}
