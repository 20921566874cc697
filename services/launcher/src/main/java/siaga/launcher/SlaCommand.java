package siaga.launcher;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Topics;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.sla.summary.StageHistogram;
import siaga.sla.whatif.WhatIf;

/**
 * {@code siaga sla what-if --policy FILE --from DATE --to DATE}: what a draft policy or holiday calendar would have
 * meant for a past period. The complaints reported in the period (local dates of the draft's jurisdiction, both
 * included) are read back from the archive with every event of theirs, measured again under the draft by the SLA
 * monitor's own fold ({@link WhatIf}), and printed beside what the monitor measured then (the archive's
 * {@code sla_outcomes}): per category and stage, completions, compliance and p50/p90. Reads only; the live
 * outcomes, topics and stores are not touched.
 */
@Command(name = "sla", mixinStandardHelpOptions = true, description = "SLA tools.", subcommands = SlaCommand.WhatIfCommand.class)
public final class SlaCommand {

    @Command(name = "what-if", mixinStandardHelpOptions = true,
            description = "Measure a past period again under a draft policy (a jurisdiction's reference YAML) and print it"
                    + " beside what was measured. Reads the archive; changes nothing.")
    static final class WhatIfCommand implements Callable<Integer> {
        @Option(names = "--policy", required = true, description = "The draft: a jurisdiction's reference data YAML.")
        Path policy;

        @Option(names = "--from", required = true, description = "First local day of the period (yyyy-mm-dd).")
        LocalDate from;

        @Option(names = "--to", required = true, description = "Last local day of the period (yyyy-mm-dd), included.")
        LocalDate to;

        @Option(names = "--db", description = "PostgreSQL JDBC URL (default: SIAGA_DB_URL or jdbc:postgresql://127.0.0.1:5432/postgres).")
        String db;

        @Override
        public Integer call() throws Exception {
            SiagaConfig config = SiagaConfig.fromEnvironment();
            if (db != null) {
                config = config.with(SiagaConfig.DB_URL, db);
            }
            ReferenceData draft;
            try {
                draft = ReferenceData.fromFile(policy);
            } catch (IllegalArgumentException e) {
                System.err.println("siaga sla what-if: " + e.getMessage());
                return 2;
            }
            if (to.isBefore(from)) {
                System.err.println("siaga sla what-if: --to " + to + " is before --from " + from);
                return 2;
            }
            try (var dataSource = Database.dataSource(config, "sla-what-if", 1)) {
                Report report = evaluate(dataSource, ReferenceConfig.load(config), draft, from, to);
                System.out.print(report.text());
                return 0;
            }
        }
    }

    /** Both measures, per {@code <jurisdiction>/<category>/<stage>}, and how many complaints were read. */
    record Report(String jurisdiction, LocalDate from, LocalDate to, int complaints, long rejected,
                  Map<String, Figures> measured, Map<String, Figures> draft) {
        String text() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("%s, %s to %s: %d complaints; draft refused %d events%n", jurisdiction, from, to,
                    complaints, rejected));
            out.append(String.format("%-32s %-11s | %21s %8s %8s | %21s %8s %8s%n", "category", "stage",
                    "measured: n  within %", "p50 s", "p90 s", "draft:    n  within %", "p50 s", "p90 s"));
            TreeSet<String> keys = new TreeSet<>(measured.keySet());
            keys.addAll(draft.keySet());
            for (String key : keys) {
                String[] parts = key.split("/", 3);
                out.append(String.format("%-32s %-11s | %s | %s%n", parts[1], parts[2], cell(measured.get(key)), cell(draft.get(key))));
            }
            return out.toString();
        }

        private static String cell(Figures f) {
            if (f == null) {
                return String.format("%21s %8s %8s", "-", "-", "-");
            }
            return String.format("%12d %8.1f %8.1f %8.1f", f.count(), f.compliancePercent(), f.p50Millis() / 1000.0,
                    f.p90Millis() / 1000.0);
        }
    }

    /** One stage of one category: completions, the share within target (percent, one decimal), nearest-rank p50/p90. */
    record Figures(long count, double compliancePercent, long p50Millis, long p90Millis) {
        static Figures of(StageHistogram h) {
            return new Figures(h.count(), Math.round(1000.0 * h.withinTarget() / h.count()) / 10.0, h.percentile(50), h.percentile(90));
        }
    }

    private SlaCommand() {
    }

    /**
     * The complaints of {@code draft}'s jurisdiction reported from {@code from} to {@code to} (its local days),
     * measured under {@code current} with that jurisdiction replaced by {@code draft}, beside their archived outcomes.
     */
    static Report evaluate(DataSource dataSource, ReferenceCatalog current, ReferenceData draft, LocalDate from, LocalDate to)
            throws SQLException {
        String jurisdiction = draft.jurisdiction().id();
        ZoneId zone = draft.jurisdiction().timeZone();
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        List<ReferenceData> cities = new ArrayList<>(current.list().stream().filter(c -> !c.jurisdiction().id().equals(jurisdiction)).toList());
        cities.add(draft);
        String period = "select complaint_id from events where type = 'complaint.reported' and jurisdiction = ?"
                + " and occurred_at >= ? and occurred_at < ?";
        List<Event<?>> events = new ArrayList<>();
        Map<String, Figures> measured = new TreeMap<>();
        int complaints = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("select topic, payload::text, type from events where complaint_id in ("
                    + period + ") and topic in ('complaints', 'dispatch', 'field') order by occurred_at, \"offset\"")) {
                bind(s, jurisdiction, start, end);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        events.add(decode(rs.getString(1), rs.getString(2)));
                        complaints += "complaint.reported".equals(rs.getString(3)) ? 1 : 0;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select o.category, o.stage, count(*), count(*) filter (where o.within_target),"
                    + " percentile_disc(0.5) within group (order by o.elapsed_millis),"
                    + " percentile_disc(0.9) within group (order by o.elapsed_millis)"
                    + " from sla_outcomes o where o.complaint_id in (" + period + ") and o.outcome in ('met', 'corrected')"
                    + " and not exists (select 1 from sla_outcomes x where x.complaint_id = o.complaint_id"
                    + " and x.stage = o.stage and x.corrects_event_id = o.event_id) group by 1, 2")) {
                bind(s, jurisdiction, start, end);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long count = rs.getLong(3);
                        measured.put(jurisdiction + "/" + rs.getString(1) + "/" + rs.getString(2), new Figures(count,
                                Math.round(1000.0 * rs.getLong(4) / count) / 10.0, rs.getLong(5), rs.getLong(6)));
                    }
                }
            }
        }
        // in the order they happened: the archive keeps each topic's offsets, but no order across the three topics
        WhatIf whatIf = new WhatIf(new ReferenceCatalog(cities)).fold(events);
        Map<String, Figures> drafted = new TreeMap<>();
        whatIf.figures().forEach((key, histogram) -> drafted.put(key, Figures.of(histogram)));
        return new Report(jurisdiction, from, to, complaints, whatIf.rejected(), measured, drafted);
    }

    private static void bind(PreparedStatement s, String jurisdiction, Instant start, Instant end) throws SQLException {
        s.setString(1, jurisdiction);
        s.setObject(2, start.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        s.setObject(3, end.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static Event<?> decode(String topic, String envelope) {
        Optional<EventTopic<?>> codec = Topics.EVENT_TOPICS.stream().filter(t -> t.name().equals(topic)).findFirst();
        try {
            return codec.orElseThrow().decode(envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            throw new IllegalStateException("archived event on " + topic + " no longer reads: " + e.getMessage(), e);
        }
    }
}
