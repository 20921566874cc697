package siaga.sla.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import siaga.contracts.events.SlaStage;

/**
 * The answer of {@code GET /api/sla/summary}: per jurisdiction and category, each stage's count, nearest-rank
 * p50/p90/p99 in millis (within 0.1%, see {@link StageHistogram}) and the share completed within target.
 *
 * <p>The window is made of whole minutes: every minute histogram whose minute lies in [from, to] counts, so
 * for {@code from} = 09:00:30Z the minute 09:00 (completions from 09:00:00Z) is included. Stages with no
 * completion in the window, and categories with none at all, are left out.
 */
public record SlaSummary(String window, Instant from, Instant to, List<CategorySummary> categories) {

    public SlaSummary {
        categories = List.copyOf(categories);
    }

    /** Stages keyed by wire name ({@code dispatch}, {@code acknowledge}, {@code resolve}), in that order. */
    public record CategorySummary(String jurisdiction, String category, Map<String, StageSummary> stages) {
    }

    /** {@code withinTargetPercent} is rounded to one decimal. */
    public record StageSummary(long count, long p50Millis, long p90Millis, long p99Millis, double withinTargetPercent) {
        static StageSummary of(StageHistogram histogram) {
            return new StageSummary(histogram.count(), histogram.percentile(50), histogram.percentile(90),
                    histogram.percentile(99), Math.round(1000.0 * histogram.withinTarget() / histogram.count()) / 10.0);
        }
    }

    /**
     * Merges the minute histograms of {@code minutes} (entries of {@code sla-histograms-by-category-minute};
     * the same key may come more than once, from several partitions) whose minute lies in [from, to].
     */
    public static SlaSummary over(String window, Instant from, Instant to, Iterator<KeyValue<String, StageHistogram>> minutes) {
        long fromMinute = HistogramKey.epochMinute(from);
        long toMinute = HistogramKey.epochMinute(to);
        Map<String, Map<String, Map<SlaStage, StageHistogram>>> merged = new TreeMap<>();
        while (minutes.hasNext()) {
            KeyValue<String, StageHistogram> entry = minutes.next();
            HistogramKey key = HistogramKey.parse(entry.key);
            if (key.epochMinute() < fromMinute || key.epochMinute() > toMinute) {
                continue;
            }
            merged.computeIfAbsent(key.jurisdiction(), j -> new TreeMap<>())
                    .computeIfAbsent(key.category(), c -> new EnumMap<>(SlaStage.class))
                    .computeIfAbsent(key.stage(), s -> StageHistogram.empty())
                    .add(entry.value);
        }
        List<CategorySummary> categories = new ArrayList<>();
        merged.forEach((jurisdiction, byCategory) -> byCategory.forEach((category, byStage) -> {
            Map<String, StageSummary> stages = new LinkedHashMap<>();
            byStage.forEach((stage, histogram) -> {
                if (histogram.count() > 0) {
                    stages.put(stage.wireName(), StageSummary.of(histogram));
                }
            });
            if (!stages.isEmpty()) {
                categories.add(new CategorySummary(jurisdiction, category, stages));
            }
        }));
        return new SlaSummary(window, from, to, categories);
    }
}
