package siaga.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.WorkingCalendar;

/**
 * The independent check of the SLA monitor's figures: {@code infra/db/proof/sla-figures.sql} run over the archive's
 * events, with the calendars and targets of the reference data loaded into temporary tables of the connection. Its
 * figures are compared with those the monitor serves: counts and compliance exactly, percentiles within the
 * histograms' stated error.
 */
final class SlaProof {
    static final String QUERY = "proof/sla-figures.sql";

    /** One stage of one category, as the SQL computes it; {@code compliancePercent} rounded to one decimal. */
    record Figures(long count, double compliancePercent, long p50Millis, long p90Millis, long p99Millis, long pausedMillis) {
    }

    private SlaProof() {
    }

    /** Per {@code <jurisdiction>/<category>/<stage>}, the figures of every stage completed in the archived events. */
    static Map<String, Figures> compute(Connection c, ReferenceCatalog reference) throws SQLException {
        loadCalendars(c, reference);
        Map<String, Figures> figures = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query())) {
            while (rs.next()) {
                figures.put(rs.getString("jurisdiction") + "/" + rs.getString("category") + "/" + rs.getString("stage"),
                        new Figures(rs.getLong("completed"), rs.getDouble("compliance_percent"), rs.getLong("p50_millis"),
                                rs.getLong("p90_millis"), rs.getLong("p99_millis"), rs.getLong("paused_millis")));
            }
        }
        return figures;
    }

    /**
     * Asserts the monitor's figure is the exact nearest-rank percentile within HdrHistogram's 3 significant digits
     * (0.1%), plus a millisecond where the SQL truncates microseconds the monitor's nanoseconds do not have.
     */
    static void assertPercentile(String what, long monitored, long exact) {
        assertThat(Math.abs(monitored - exact)).as(what + ": " + monitored + " vs SQL " + exact)
                .isLessThanOrEqualTo(Math.max(1, exact / 1000) + 1);
    }

    private static void loadCalendars(Connection c, ReferenceCatalog reference) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create temporary table if not exists proof_jurisdictions (jurisdiction text, zone text)");
            s.execute("create temporary table if not exists proof_working_hours (jurisdiction text, dow int, starts time, ends time)");
            s.execute("create temporary table if not exists proof_holidays (jurisdiction text, day date)");
            s.execute("create temporary table if not exists proof_targets (jurisdiction text, category text, priority int,"
                    + " stage text, target_millis bigint, calendar text)");
            s.execute("truncate proof_jurisdictions, proof_working_hours, proof_holidays, proof_targets");
        }
        for (ReferenceData city : reference.list()) {
            ReferenceData.Jurisdiction j = city.jurisdiction();
            insert(c, "insert into proof_jurisdictions values (?, ?)", j.id(), j.timeZone().getId());
            for (var day : j.calendar().workingHours().entrySet()) {
                for (WorkingCalendar.Period period : day.getValue()) {
                    insert(c, "insert into proof_working_hours values (?, ?, ?::time, ?::time)", j.id(),
                            day.getKey().getValue(), period.start().toString(), period.end().toString());
                }
            }
            for (WorkingCalendar.Holiday holiday : j.calendar().holidays()) {
                insert(c, "insert into proof_holidays values (?, ?::date)", j.id(), holiday.date().toString());
            }
            ReferenceData.AdministrativeClocks days = j.administrativeClocks();
            for (ReferenceData.Category category : city.categories()) {
                for (int priority = 1; priority <= 5; priority++) {
                    ReferenceData.SlaTargets t = category.targetsFor(priority);
                    String clock = category.slaCalendar();
                    target(c, j, category, priority, "dispatch", t.dispatch(), clock);
                    target(c, j, category, priority, "acknowledge", t.acknowledge(), clock);
                    if (t.arrive() != null) {
                        target(c, j, category, priority, "arrive", t.arrive(), clock);
                    }
                    target(c, j, category, priority, "resolve", t.resolve(), clock);
                    target(c, j, category, priority, "forward", Duration.ofDays(days.forward()), "working-days");
                    target(c, j, category, priority, "follow-up", Duration.ofDays(days.followUp()), "working-days");
                    target(c, j, category, priority, "close", Duration.ofDays(days.closeWithoutReply()), "working-days");
                }
            }
        }
    }

    private static void target(Connection c, ReferenceData.Jurisdiction j, ReferenceData.Category category, int priority,
                               String stage, Duration target, String calendar) throws SQLException {
        insert(c, "insert into proof_targets values (?, ?, ?, ?, ?, ?)", j.id(), category.code(), priority, stage,
                target.toMillis(), calendar);
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    private static String query() {
        try (InputStream in = SlaProof.class.getClassLoader().getResourceAsStream(QUERY)) {
            if (in == null) {
                throw new IllegalStateException("no " + QUERY + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
