package siaga.archive.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import siaga.archive.report.ReportQuery.Period;

class ReportQueryTest {
    static final ZoneId MADIUN = ZoneId.of("Asia/Jakarta");
    static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");

    static ReportQuery query(ReportPeriod period, String from, String to, ZoneId zone) {
        return new ReportQuery(ReportDimension.DEPARTMENT, period, "madiun", zone, LocalDate.parse(from), LocalDate.parse(to), NOW);
    }

    @Test
    void daysStartAtLocalMidnight() {
        assertThat(query(ReportPeriod.DAY, "2026-03-01", "2026-03-02", MADIUN).periods()).containsExactly(
                new Period("2026-03-01", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"),
                        Instant.parse("2026-02-28T17:00:00Z"), Instant.parse("2026-03-01T17:00:00Z")),
                new Period("2026-03-02", LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-03"),
                        Instant.parse("2026-03-01T17:00:00Z"), Instant.parse("2026-03-02T17:00:00Z")));
    }

    @Test
    void weeksAndMonthsCoverTheWholePeriodsHoldingFromAndTo() {
        ReportQuery weeks = query(ReportPeriod.WEEK, "2026-01-01", "2026-01-05", MADIUN);
        ReportQuery months = query(ReportPeriod.MONTH, "2025-12-31", "2026-02-01", MADIUN);

        assertThat(weeks.periods()).extracting(Period::label, Period::firstDay).containsExactly(
                org.assertj.core.groups.Tuple.tuple("2026-W01", LocalDate.parse("2025-12-29")),
                org.assertj.core.groups.Tuple.tuple("2026-W02", LocalDate.parse("2026-01-05")));
        assertThat(weeks.days()).hasSize(14);
        assertThat(months.periods()).extracting(Period::label).containsExactly("2025-12", "2026-01", "2026-02");
        assertThat(months.periods().get(2).end()).isEqualTo(Instant.parse("2026-02-28T17:00:00Z"));
        assertThat(months.periodCount()).isEqualTo(3);
    }

    @Test
    void aDayInAZoneWithSummerTimeIsItsLocalDayWhateverItsLength() {
        Period springForward = query(ReportPeriod.DAY, "2026-03-08", "2026-03-08", ZoneId.of("America/New_York")).periods().get(0);

        assertThat(springForward.start()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(springForward.end()).isEqualTo(Instant.parse("2026-03-09T04:00:00Z"));
    }

    @Test
    void countsPeriodsOnlyJustBeyondTheLimitAndRefusesAnEndBeforeTheStart() {
        assertThat(query(ReportPeriod.DAY, "2020-01-01", "2026-01-01", MADIUN).periodCount()).isEqualTo(ReportQuery.MAX_PERIODS + 1);
        assertThatThrownBy(() -> query(ReportPeriod.DAY, "2026-03-02", "2026-03-01", MADIUN))
                .hasMessage("to 2026-03-01 is before from 2026-03-02");
    }
}
