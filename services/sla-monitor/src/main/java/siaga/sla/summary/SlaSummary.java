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
import siaga.sla.timeline.Dimension;

/**
 * The answer of {@code GET /api/sla/summary} (its shape is relied on by the dashboard and the end-to-end test):
 * per jurisdiction and category, each stage's count, nearest-rank
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

    /** This summary restricted to the categories of {@code jurisdiction}. */
    public SlaSummary of(String jurisdiction) {
        return new SlaSummary(window, from, to, categories.stream().filter(c -> c.jurisdiction().equals(jurisdiction)).toList());
    }

    /** Stages keyed by wire name ({@code dispatch}, {@code acknowledge}, {@code arrive}, {@code resolve}, {@code forward}, {@code follow-up}, {@code close}), in that order. */
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
     * Merges the category minute buckets of {@code minutes} (entries of {@code sla-buckets-by-dimension-minute};
     * those of other dimensions are passed over; the same key may come more than once, from several stores) whose
     * minute lies in [from, to].
     */
    public static SlaSummary over(String window, Instant from, Instant to, Iterator<KeyValue<String, StageHistogram>> minutes) {
        long fromMinute = DimensionKey.epochMinute(from);
        long toMinute = DimensionKey.epochMinute(to);
        Map<String, Map<String, Map<SlaStage, StageHistogram>>> merged = new TreeMap<>();
        while (minutes.hasNext()) {
            KeyValue<String, StageHistogram> entry = minutes.next();
            DimensionKey.Bucket bucket = DimensionKey.Bucket.parse(entry.key);
            if (bucket.key().dimension() != Dimension.CATEGORY
                    || bucket.epochMinute() < fromMinute || bucket.epochMinute() > toMinute) {
                continue;
            }
            merged.computeIfAbsent(bucket.key().jurisdiction(), j -> new TreeMap<>())
                    .computeIfAbsent(bucket.key().value(), c -> new EnumMap<>(SlaStage.class))
                    .computeIfAbsent(bucket.stage(), s -> StageHistogram.empty())
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
