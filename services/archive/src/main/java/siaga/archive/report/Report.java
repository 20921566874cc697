package siaga.archive.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A report: one row per period and key (a department, category, crew or kecamatan id) that has any figure in the
 * range, periods in order, keys in alphabetical order within a period. {@code from} and {@code to} are the first
 * and last day covered, in {@code timeZone}.
 */
public record Report(String dimension, String period, String jurisdiction, String timeZone, LocalDate from,
                     LocalDate to, List<Row> rows) {
    public Report {
        rows = List.copyOf(rows);
    }

    /**
     * The figures of one key in one period. {@code start} and {@code end} (exclusive) are the period's bounds as UTC
     * instants, with the same times in the report's zone beside them.
     *
     * @param reported     complaints reported in the period
     * @param byStatus     those complaints by their current status, every status named ({@code reported} ...
     *                     {@code cannot-fix}, in {@link siaga.archive.complaint.ComplaintStatus} order)
     * @param backlogAtEnd complaints reported before the period ended and not resolved, cancelled or merged (and
     *                     not split off again) before it ended
     * @param sla          per stage, every stage named ({@code dispatch}, {@code acknowledge}, {@code arrive},
     *                     {@code resolve}, {@code forward}, {@code follow-up}, {@code close})
     * @param attendance   null for the category and kecamatan dimensions
     */
    public record Row(String period, Instant start, Instant end, String startLocal, String endLocal, String key,
                      long reported, Map<String, Long> byStatus, long backlogAtEnd, Map<String, Stage> sla,
                      Attendance attendance) {
    }

    /**
     * A stage's SLA figures in one period, as the SLA monitor counts them: completions ({@code met}, those
     * {@code withinTarget}, and their share rounded to one decimal, null without completions) in the period of
     * their completion; {@code breached}, breaches whose due time fell in the period; and the nearest-rank
     * median and 90th percentile of the completions' elapsed times (SQL {@code percentile_disc}; time on the
     * stage's clock, pauses left out), null without completions; {@code pausedMillis}, the time those completions'
     * clocks stood paused, in all.
     */
    public record Stage(long met, long withinTarget, Double compliancePercent, long breached, Long p50Millis,
                        Long p90Millis, long pausedMillis) {
        public static final Stage NONE = new Stage(0, 0, null, 0, null, null, 0);
    }

    /**
     * Crews on shift: {@code crewsOnShift}, the distinct crews on shift at any time in the period;
     * {@code crewDaysOnShift}, the sum over the period's days of the crews on shift that day. A shift counts on
     * every local day it overlaps; a shift still open runs until the report is made.
     */
    public record Attendance(long crewsOnShift, long crewDaysOnShift) {
    }
}
