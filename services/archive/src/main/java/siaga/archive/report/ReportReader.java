package siaga.archive.report;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import siaga.archive.LocalTimes;
import siaga.archive.complaint.ComplaintStatus;
import siaga.archive.report.ReportQuery.Period;
import siaga.archive.sla.SlaOutcome;
import siaga.contracts.events.SlaStage;

/**
 * Computes reports from {@code complaint_state}, {@code sla_outcomes} and {@code shifts}, in one snapshot. SLA
 * figures count the verdicts that stand ({@link SlaOutcome} says which): completions are met and corrected
 * outcomes no correction replaced; breaches are those no correction replaced and no completion of the same
 * stage within target contradicts. Each
 * figure is one grouped query over the whole range; rows are assigned to periods with
 * {@code width_bucket(time, period bounds)}, the bounds computed here in the jurisdiction's zone (so a day is
 * a local day, whatever the server's zone) and cast once per query, in a scalar subquery, not once per row.
 * Thread-safe: every call takes its own connection.
 */
public final class ReportReader {
    /** Every stage the SLA monitor measures, in its order: the field stages, then the administrative ones. */
    public static final List<String> STAGES = java.util.Arrays.stream(SlaStage.values()).map(SlaStage::wireName).toList();

    private final DataSource dataSource;

    public ReportReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Report read(ReportQuery query) throws SQLException {
        List<Period> periods = query.periods();
        Map<String, Figures> byKey = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                Bounds bounds = new Bounds(c, periods);
                complaints(c, query, bounds, byKey);
                backlog(c, query, bounds, byKey);
                slaMet(c, query, bounds, byKey);
                slaBreached(c, query, bounds, byKey);
                if (query.dimension().shiftColumn().isPresent()) {
                    attendance(c, query, periods, byKey);
                }
            } finally {
                c.rollback();
            }
        }
        // a key whose complaints were all resolved before the range, say, has nothing to show in it
        byKey.values().removeIf(figures -> figures.emptyIn(periods.size()));
        List<Report.Row> rows = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            Period period = periods.get(i);
            for (Map.Entry<String, Figures> entry : byKey.entrySet()) {
                rows.add(entry.getValue().row(i, period, entry.getKey(), query));
            }
        }
        return new Report(query.dimension().wireName(), query.period().wireName(), query.jurisdiction(),
                query.zone().getId(), periods.get(0).firstDay(), periods.get(periods.size() - 1).nextDay().minusDays(1),
                rows);
    }

    /**
     * The periods' bounds as an array for {@code width_bucket}: the start of each period, then the end of the
     * last. {@code width_bucket} gives 0 before the first period, {@code i + 1} in period {@code i}, and
     * {@code periods + 1} after the last.
     */
    private static final class Bounds {
        final Array array;
        final Instant first;
        final Instant last;
        final int periods;

        Bounds(Connection c, List<Period> periods) throws SQLException {
            List<String> bounds = new ArrayList<>();
            periods.forEach(p -> bounds.add(p.start().toString()));
            bounds.add(periods.get(periods.size() - 1).end().toString());
            this.array = c.createArrayOf("text", bounds.toArray());
            this.first = periods.get(0).start();
            this.last = periods.get(periods.size() - 1).end();
            this.periods = periods.size();
        }
    }

    private static void complaints(Connection c, ReportQuery query, Bounds bounds, Map<String, Figures> byKey)
            throws SQLException {
        String key = query.dimension().complaintColumn();
        try (PreparedStatement s = c.prepareStatement("select " + key + ", width_bucket(reported_at, (select ?::text[]::timestamptz[])),"
                + " status, count(*) from complaint_state where jurisdiction = ? and " + key + " is not null"
                + " and reported_at >= ? and reported_at < ? group by 1, 2, 3")) {
            s.setArray(1, bounds.array);
            s.setString(2, query.jurisdiction());
            s.setObject(3, utc(bounds.first), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setObject(4, utc(bounds.last), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Figures figures = figures(byKey, rs.getString(1), bounds.periods);
                    int period = rs.getInt(2) - 1;
                    long count = rs.getLong(4);
                    figures.reported[period] += count;
                    figures.byStatus.get(rs.getString(3))[period] += count;
                }
            }
        }
    }

    // backlog at the end of period i = reported before its end - those that left it (after being reported) before
    // its end: resolved, cancelled or merged (and not split off again); least() skips nulls
    private static final String LEFT_BACKLOG_AT = "least(resolved_at, cancelled_at,"
            + " case when split_at is null or merged_at > split_at then merged_at end)";

    private static void backlog(Connection c, ReportQuery query, Bounds bounds, Map<String, Figures> byKey)
            throws SQLException {
        String key = query.dimension().complaintColumn();
        try (PreparedStatement s = c.prepareStatement("select " + key + ","
                + " width_bucket(reported_at, (select ?::text[]::timestamptz[])) as opened,"
                + " case when " + LEFT_BACKLOG_AT + " is null then null"
                + " else width_bucket(greatest(reported_at, " + LEFT_BACKLOG_AT + "), (select ?::text[]::timestamptz[])) end"
                + " as closed,"
                + " count(*) from complaint_state where jurisdiction = ? and " + key + " is not null"
                + " and reported_at < ? group by 1, 2, 3")) {
            s.setArray(1, bounds.array);
            s.setArray(2, bounds.array);
            s.setString(3, query.jurisdiction());
            s.setObject(4, utc(bounds.last), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Figures figures = figures(byKey, rs.getString(1), bounds.periods);
                    long count = rs.getLong(4);
                    figures.openedInBucket[rs.getInt(2)] += count;
                    int closed = rs.getInt(3);
                    if (!rs.wasNull()) {
                        figures.closedInBucket[closed] += count;
                    }
                }
            }
        }
    }

    private static void slaMet(Connection c, ReportQuery query, Bounds bounds, Map<String, Figures> byKey)
            throws SQLException {
        String key = query.dimension().slaColumn();
        String join = query.dimension().slaNeedsComplaint() ? " join complaint_state s using (complaint_id)" : "";
        try (PreparedStatement s = c.prepareStatement("select " + key + ", width_bucket(o.completed_at, (select ?::text[]::timestamptz[])),"
                + " o.stage, count(*), count(*) filter (where o.within_target),"
                + " percentile_disc(0.5) within group (order by o.elapsed_millis),"
                + " percentile_disc(0.9) within group (order by o.elapsed_millis),"
                + " sum(o.paused_millis)"
                + " from sla_outcomes o" + join + " where o.jurisdiction = ? and o.outcome in (?, ?) and " + key + " is not null"
                + " and o.completed_at >= ? and o.completed_at < ?"
                + " and not exists (select 1 from sla_outcomes x where x.complaint_id = o.complaint_id"
                + " and x.stage = o.stage and x.corrects_event_id = o.event_id) group by 1, 2, 3")) {
            s.setArray(1, bounds.array);
            s.setString(2, query.jurisdiction());
            s.setString(3, SlaOutcome.MET);
            s.setString(4, SlaOutcome.CORRECTED);
            s.setObject(5, utc(bounds.first), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setObject(6, utc(bounds.last), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StageFigures stage = figures(byKey, rs.getString(1), bounds.periods).stage(rs.getString(3), rs.getInt(2) - 1);
                    stage.met = rs.getLong(4);
                    stage.withinTarget = rs.getLong(5);
                    stage.p50 = rs.getLong(6);
                    stage.p90 = rs.getLong(7);
                    stage.pausedMillis = rs.getLong(8);
                }
            }
        }
    }

    private static void slaBreached(Connection c, ReportQuery query, Bounds bounds, Map<String, Figures> byKey)
            throws SQLException {
        String key = query.dimension().slaColumn();
        String join = query.dimension().slaNeedsComplaint() ? " join complaint_state s using (complaint_id)" : "";
        try (PreparedStatement s = c.prepareStatement("select " + key + ", width_bucket(o.due_at, (select ?::text[]::timestamptz[])),"
                + " o.stage, count(*) from sla_outcomes o" + join + " where o.jurisdiction = ? and o.outcome = ?"
                + " and " + key + " is not null and o.due_at >= ? and o.due_at < ?"
                + " and not exists (select 1 from sla_outcomes x where x.complaint_id = o.complaint_id"
                + " and x.stage = o.stage and (x.corrects_event_id = o.event_id or x.within_target))"
                + " group by 1, 2, 3")) {
            s.setArray(1, bounds.array);
            s.setString(2, query.jurisdiction());
            s.setString(3, SlaOutcome.BREACHED);
            s.setObject(4, utc(bounds.first), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setObject(5, utc(bounds.last), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    figures(byKey, rs.getString(1), bounds.periods).stage(rs.getString(3), rs.getInt(2) - 1).breached =
                            rs.getLong(4);
                }
            }
        }
    }

    private static void attendance(Connection c, ReportQuery query, List<Period> periods, Map<String, Figures> byKey)
            throws SQLException {
        List<Period> days = query.days();
        Map<String, long[]> crewsPerDay = crewsOnShift(c, query, days);
        Map<String, long[]> crewsPerPeriod = crewsOnShift(c, query, periods);
        crewsPerPeriod.forEach((key, counts) -> System.arraycopy(counts, 0,
                figures(byKey, key, periods.size()).crewsOnShift, 0, counts.length));
        crewsPerDay.forEach((key, counts) -> {
            Figures figures = figures(byKey, key, periods.size());
            int period = 0;
            for (int day = 0; day < days.size(); day++) {
                while (!days.get(day).start().isBefore(periods.get(period).end())) {
                    period++;
                }
                figures.crewDaysOnShift[period] += counts[day];
            }
        });
    }

    // distinct crews with a shift overlapping each of the windows, per key; an open shift runs until now
    private static Map<String, long[]> crewsOnShift(Connection c, ReportQuery query, List<Period> windows)
            throws SQLException {
        String key = "s." + query.dimension().shiftColumn().orElseThrow();
        List<String> starts = windows.stream().map(w -> w.start().toString()).toList();
        List<String> ends = windows.stream().map(w -> w.end().toString()).toList();
        Map<String, long[]> counts = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("select " + key + ", w.n, count(distinct s.crew_id)"
                + " from shifts s join unnest(?::text[]::timestamptz[], ?::text[]::timestamptz[])"
                + " with ordinality as w(window_start, window_end, n)"
                + " on s.started_at < w.window_end and coalesce(s.ended_at, ?) > w.window_start"
                + " where s.jurisdiction = ? and " + key + " is not null and s.started_at < ?"
                + " and coalesce(s.ended_at, ?) > ? group by 1, 2")) {
            s.setArray(1, c.createArrayOf("text", starts.toArray()));
            s.setArray(2, c.createArrayOf("text", ends.toArray()));
            s.setObject(3, utc(query.now()), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setString(4, query.jurisdiction());
            s.setObject(5, utc(windows.get(windows.size() - 1).end()), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setObject(6, utc(query.now()), Types.TIMESTAMP_WITH_TIMEZONE);
            s.setObject(7, utc(windows.get(0).start()), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString(1), k -> new long[windows.size()])[rs.getInt(2) - 1] = rs.getLong(3);
                }
            }
        }
        return counts;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Figures figures(Map<String, Figures> byKey, String key, int periods) {
        return byKey.computeIfAbsent(key, k -> new Figures(periods));
    }

    /** One key's figures across the periods, filled by the queries above. */
    private static final class Figures {
        final long[] reported;
        final Map<String, long[]> byStatus = new LinkedHashMap<>();
        // index 0: before the first period, i + 1: period i, periods + 1: after the last
        final long[] openedInBucket;
        final long[] closedInBucket;
        final Map<String, StageFigures[]> stages = new LinkedHashMap<>();
        final long[] crewsOnShift;
        final long[] crewDaysOnShift;

        Figures(int periods) {
            reported = new long[periods];
            for (ComplaintStatus status : ComplaintStatus.values()) {
                byStatus.put(status.wireName(), new long[periods]);
            }
            openedInBucket = new long[periods + 2];
            closedInBucket = new long[periods + 2];
            for (String stage : STAGES) {
                stages.put(stage, new StageFigures[periods]);
            }
            crewsOnShift = new long[periods];
            crewDaysOnShift = new long[periods];
        }

        StageFigures stage(String stage, int period) {
            StageFigures[] figures = stages.computeIfAbsent(stage, s -> new StageFigures[reported.length]);
            if (figures[period] == null) {
                figures[period] = new StageFigures();
            }
            return figures[period];
        }

        boolean emptyIn(int periods) {
            for (int period = 0; period < periods; period++) {
                if (reported[period] != 0 || backlog(period) != 0 || crewsOnShift[period] != 0) {
                    return false;
                }
            }
            return stages.values().stream().allMatch(figures -> Arrays.stream(figures).allMatch(f -> f == null));
        }

        long backlog(int period) {
            long backlog = 0;
            for (int bucket = 0; bucket <= period + 1; bucket++) {
                backlog += openedInBucket[bucket] - closedInBucket[bucket];
            }
            return backlog;
        }

        Report.Row row(int period, Period bounds, String key, ReportQuery query) {
            Map<String, Long> statuses = new LinkedHashMap<>();
            byStatus.forEach((status, counts) -> statuses.put(status, counts[period]));
            long backlog = backlog(period);
            Map<String, Report.Stage> sla = new LinkedHashMap<>();
            stages.forEach((stage, figures) -> sla.put(stage, figures[period] == null ? Report.Stage.NONE : figures[period].stage()));
            Report.Attendance attendance = query.dimension().shiftColumn().isPresent()
                    ? new Report.Attendance(crewsOnShift[period], crewDaysOnShift[period]) : null;
            return new Report.Row(bounds.label(), bounds.start(), bounds.end(),
                    LocalTimes.format(bounds.start(), query.zone()), LocalTimes.format(bounds.end(), query.zone()),
                    key, reported[period], statuses, backlog, sla, attendance);
        }
    }

    private static final class StageFigures {
        long met;
        long withinTarget;
        long breached;
        long p50;
        long p90;
        long pausedMillis;

        Report.Stage stage() {
            if (met == 0) {
                return new Report.Stage(0, 0, null, breached, null, null, 0);
            }
            // rounded as the SLA monitor's summary rounds its withinTargetPercent
            return new Report.Stage(met, withinTarget, Math.round(1000.0 * withinTarget / met) / 10.0, breached, p50, p90,
                    pausedMillis);
        }
    }
}
