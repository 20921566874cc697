package siaga.sla.summary;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import siaga.contracts.events.SlaStage;

/**
 * The SLA figures of one value of a dimension over one window ending {@code to}: per stage the completions
 * (count, share within target, nearest-rank p50/p90/p99 in millis within 0.1%, see {@link StageHistogram}) and the
 * breaches that fell due in the window; in total the breaches, and, at {@code to}, the backlog (complaints still
 * open: neither resolved, cancelled nor merged) and the age of the oldest of them. This record is both the
 * {@code sla-metrics} value and an element of {@code GET /api/sla/dimensions/{dimension}}.
 *
 * <p>Worked example: a fallen tree in Kartoharjo dispatched 2 min after its report at 09:50Z and still open, looked
 * at 10:00Z over {@code 1h}: {@code kecamatan/madiun:kartoharjo/1h} has dispatch count 1, compliance 100.0, every
 * percentile 120000, no breaches, backlog 1, oldest open reported 09:50Z, 600 s old.
 */
public record DimensionSummary(String dimension, String jurisdiction, String value, String window, Instant from, Instant to,
                               Map<String, StageFigures> stages, long breaches, long backlog, Instant oldestOpenReportedAt,
                               Long oldestOpenAgeSeconds) {

    public DimensionSummary {
        stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    }

    /** {@code compliancePercent} is rounded to one decimal and null while nothing completed. */
    public record StageFigures(long count, Double compliancePercent, long p50Millis, long p90Millis, long p99Millis, long breaches) {
        static StageFigures of(StageHistogram h) {
            Double compliance = h.count() == 0 ? null : Math.round(1000.0 * h.withinTarget() / h.count()) / 10.0;
            return new StageFigures(h.count(), compliance, h.percentile(50), h.percentile(90), h.percentile(99), h.breaches());
        }
    }

    /** Nothing completed, nothing breached, nothing open: the value had no activity in the window. */
    @JsonIgnore
    public boolean isEmpty() {
        return stages.isEmpty() && breaches == 0 && backlog == 0;
    }

    /**
     * The figures of every dimension value found in {@code buckets} (entries of {@code sla-buckets-by-dimension-minute})
     * or {@code open} (entries of {@code sla-open-by-dimension}, values the report's epoch millis), for each of
     * {@code windows}, ending {@code now}; ordered by dimension, jurisdiction, value, window. The same bucket key may
     * come more than once (from several stores) and is then added up. {@code zoneOf} gives a jurisdiction's zone
     * for the {@code day} window.
     */
    public static List<DimensionSummary> over(Iterator<KeyValue<String, StageHistogram>> buckets, Iterator<KeyValue<String, Long>> open,
                                              Set<SlaWindow> windows, Instant now, Function<String, ZoneId> zoneOf) {
        Map<String, Accumulator> byKey = new TreeMap<>();
        Map<String, Map<SlaWindow, long[]>> minuteRanges = new LinkedHashMap<>();
        long nowMinute = DimensionKey.epochMinute(now);
        while (buckets.hasNext()) {
            KeyValue<String, StageHistogram> entry = buckets.next();
            DimensionKey.Bucket bucket = DimensionKey.Bucket.parse(entry.key);
            Map<SlaWindow, long[]> ranges = minuteRanges.computeIfAbsent(bucket.key().jurisdiction(),
                    j -> ranges(windows, now, zoneOf.apply(j)));
            Accumulator acc = byKey.computeIfAbsent(bucket.key().format(), k -> new Accumulator(bucket.key()));
            ranges.forEach((window, range) -> {
                if (bucket.epochMinute() >= range[0] && bucket.epochMinute() <= nowMinute) {
                    acc.stages.computeIfAbsent(window, w -> new EnumMap<>(SlaStage.class))
                            .computeIfAbsent(bucket.stage(), s -> StageHistogram.empty()).add(entry.value);
                }
            });
        }
        while (open.hasNext()) {
            KeyValue<String, Long> entry = open.next();
            DimensionKey key = DimensionKey.parse(entry.key);
            Accumulator acc = byKey.computeIfAbsent(key.format(), k -> new Accumulator(key));
            acc.backlog++;
            acc.oldestOpenMillis = Math.min(acc.oldestOpenMillis, entry.value);
        }
        List<DimensionSummary> summaries = new ArrayList<>();
        for (Accumulator acc : byKey.values()) {
            ZoneId zone = zoneOf.apply(acc.key.jurisdiction());
            for (SlaWindow window : SlaWindow.values()) {
                if (windows.contains(window)) {
                    summaries.add(acc.summary(window, window.from(now, zone), now));
                }
            }
        }
        return summaries;
    }

    private static Map<SlaWindow, long[]> ranges(Set<SlaWindow> windows, Instant now, ZoneId zone) {
        Map<SlaWindow, long[]> ranges = new EnumMap<>(SlaWindow.class);
        windows.forEach(w -> ranges.put(w, new long[] {DimensionKey.epochMinute(w.from(now, zone))}));
        return ranges;
    }

    private static final class Accumulator {
        private final DimensionKey key;
        private final Map<SlaWindow, Map<SlaStage, StageHistogram>> stages = new EnumMap<>(SlaWindow.class);
        private long backlog;
        private long oldestOpenMillis = Long.MAX_VALUE;

        Accumulator(DimensionKey key) {
            this.key = key;
        }

        DimensionSummary summary(SlaWindow window, Instant from, Instant to) {
            Map<String, StageFigures> figures = new LinkedHashMap<>();
            long breaches = 0;
            for (Map.Entry<SlaStage, StageHistogram> stage : stages.getOrDefault(window, Map.of()).entrySet()) {
                StageHistogram h = stage.getValue();
                if (h.count() > 0 || h.breaches() != 0) {
                    figures.put(stage.getKey().wireName(), StageFigures.of(h));
                    breaches += h.breaches();
                }
            }
            Instant oldest = backlog == 0 ? null : Instant.ofEpochMilli(oldestOpenMillis);
            Long age = oldest == null ? null : Math.max(0, Duration.between(oldest, to).toSeconds());
            return new DimensionSummary(key.dimension().wireName(), key.jurisdiction(), key.value(), window.wireName(), from, to,
                    figures, breaches, backlog, oldest, age);
        }
    }
}
