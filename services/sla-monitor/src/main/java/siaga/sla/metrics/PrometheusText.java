package siaga.sla.metrics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import siaga.sla.summary.DimensionSummary;
import siaga.sla.timeline.Dimension;

/**
 * The SLA aggregates in the Prometheus text exposition format, version 0.0.4, written by hand (the build is
 * offline and has no Prometheus client library): one {@code # HELP} and {@code # TYPE} line per family, then one
 * line per series, {@code name{label="value",...} number}. Every series carries {@code jurisdiction} and, except
 * for the jurisdiction dimension itself, a label named after its dimension, for example
 * {@code siaga_sla_stage_count{jurisdiction="madiun",category="fire",stage="dispatch",window="1h"} 12}.
 *
 * <p>Windowed figures are gauges (they fall as minutes leave the window); {@code siaga_sla_breaches_total} and
 * {@code siaga_sla_corrections_total} are counters since the monitor's state began.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String help, String type, List<String> lines) {
    }

    private PrometheusText() {
        family("siaga_sla_stage_count", "gauge", "Stages completed in the window");
        family("siaga_sla_stage_compliance_ratio", "gauge", "Share of the stages completed in the window that met their target (0..1)");
        family("siaga_sla_stage_seconds", "gauge", "Nearest-rank quantiles of the time from report to stage completion in the window");
        family("siaga_sla_stage_breaches", "gauge", "Breaches of the stage falling due in the window, less those corrected");
        family("siaga_sla_backlog", "gauge", "Complaints open now (neither resolved, cancelled nor merged)");
        family("siaga_sla_oldest_open_seconds", "gauge", "Age of the oldest open complaint");
        family("siaga_sla_breaches_total", "counter", "StageBreached events published");
        family("siaga_sla_corrections_total", "counter", "StageCorrected events that withdrew a breach");
    }

    /**
     * Renders {@code summaries} (any dimensions and windows; backlog is taken once per value, from whichever window
     * comes first) and {@code counters} (entries {@code <jurisdiction>|<category>|<stage>|breaches|corrections}).
     */
    public static String render(List<DimensionSummary> summaries, Iterator<KeyValue<String, Long>> counters) {
        PrometheusText text = new PrometheusText();
        List<String> backlogSeen = new ArrayList<>();
        for (DimensionSummary s : summaries) {
            String base = base(s);
            s.stages().forEach((stage, f) -> {
                String labels = base + ",stage=\"" + stage + "\",window=\"" + s.window() + "\"";
                text.add("siaga_sla_stage_count", labels, f.count());
                text.add("siaga_sla_stage_breaches", labels, f.breaches());
                if (f.count() > 0) {
                    text.add("siaga_sla_stage_compliance_ratio", labels, f.compliancePercent() / 100.0);
                    text.add("siaga_sla_stage_seconds", labels + ",quantile=\"0.5\"", f.p50Millis() / 1000.0);
                    text.add("siaga_sla_stage_seconds", labels + ",quantile=\"0.9\"", f.p90Millis() / 1000.0);
                    text.add("siaga_sla_stage_seconds", labels + ",quantile=\"0.99\"", f.p99Millis() / 1000.0);
                }
            });
            if (!backlogSeen.contains(base)) {
                backlogSeen.add(base);
                text.add("siaga_sla_backlog", base, s.backlog());
                if (s.oldestOpenAgeSeconds() != null) {
                    text.add("siaga_sla_oldest_open_seconds", base, s.oldestOpenAgeSeconds());
                }
            }
        }
        while (counters.hasNext()) {
            KeyValue<String, Long> entry = counters.next();
            String[] parts = entry.key.split("\\|");
            String labels = "jurisdiction=\"" + escape(parts[0]) + "\",category=\"" + escape(parts[1]) + "\",stage=\"" + escape(parts[2]) + "\"";
            text.add("siaga_sla_" + parts[3] + "_total", labels, entry.value);
        }
        StringBuilder out = new StringBuilder();
        text.families.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(family.help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
            family.lines.forEach(line -> out.append(line).append('\n'));
        });
        return out.toString();
    }

    private static String base(DimensionSummary s) {
        String labels = "jurisdiction=\"" + escape(s.jurisdiction()) + "\"";
        if (!s.dimension().equals(Dimension.JURISDICTION.wireName())) {
            labels += "," + s.dimension() + "=\"" + escape(s.value()) + "\"";
        }
        return labels;
    }

    private void family(String name, String type, String help) {
        families.put(name, new Family(help, type, new ArrayList<>()));
    }

    private void add(String name, String labels, double value) {
        families.get(name).lines.add(name + "{" + labels + "} " + number(value));
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
