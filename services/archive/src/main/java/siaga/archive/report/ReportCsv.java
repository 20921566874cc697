package siaga.archive.report;

import java.util.ArrayList;
import java.util.List;
import siaga.archive.complaint.ComplaintStatus;

/**
 * A report as CSV (RFC 4180, CRLF line ends, a header row): one line per row of the report, periods with their
 * local bounds, then the figures flattened ({@code dispatch_p50_millis}, ...). An absent figure (a percentile
 * without completions, attendance of a category) is an empty field.
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    public static String write(Report report) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("period", "start", "end", report.dimension(), "reported"));
        for (ComplaintStatus status : ComplaintStatus.values()) {
            // snake case like every other column: status_cannot_fix
            header.add("status_" + status.wireName().replace('-', '_'));
        }
        header.add("backlog_at_end");
        for (String stage : ReportReader.STAGES) {
            for (String figure : List.of("met", "within_target", "compliance_percent", "breached", "p50_millis", "p90_millis",
                    "paused_millis")) {
                // snake case: follow_up_met
                header.add(stage.replace('-', '_') + "_" + figure);
            }
        }
        header.add("crews_on_shift");
        header.add("crew_days_on_shift");
        line(csv, header);
        for (Report.Row row : report.rows()) {
            List<Object> fields = new ArrayList<>(List.of(row.period(), row.startLocal(), row.endLocal(), row.key(), row.reported()));
            for (ComplaintStatus status : ComplaintStatus.values()) {
                fields.add(row.byStatus().getOrDefault(status.wireName(), 0L));
            }
            fields.add(row.backlogAtEnd());
            for (String stage : ReportReader.STAGES) {
                Report.Stage figures = row.sla().getOrDefault(stage, Report.Stage.NONE);
                fields.add(figures.met());
                fields.add(figures.withinTarget());
                fields.add(figures.compliancePercent());
                fields.add(figures.breached());
                fields.add(figures.p50Millis());
                fields.add(figures.p90Millis());
                fields.add(figures.pausedMillis());
            }
            fields.add(row.attendance() == null ? null : row.attendance().crewsOnShift());
            fields.add(row.attendance() == null ? null : row.attendance().crewDaysOnShift());
            line(csv, fields);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object field = fields.get(i);
            if (field != null) {
                csv.append(escape(field.toString()));
            }
        }
        csv.append("\r\n");
    }

    private static String escape(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
