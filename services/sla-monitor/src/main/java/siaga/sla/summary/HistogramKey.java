package siaga.sla.summary;

import java.time.Instant;
import java.util.Locale;
import siaga.contracts.events.SlaStage;

/**
 * A key of the {@code sla-histograms-by-category-minute} store: {@code <jurisdiction>|<category>|<stage>|<epochMinute>},
 * for example {@code madiun|fallen-tree|acknowledge|29394720}, the minute being that of the stage's completion (UTC).
 */
public record HistogramKey(String jurisdiction, String category, SlaStage stage, long epochMinute) {

    public static HistogramKey of(String jurisdiction, String category, SlaStage stage, Instant completedAt) {
        return new HistogramKey(jurisdiction, category, stage, epochMinute(completedAt));
    }

    public static long epochMinute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    /** Reads a key written by {@link #format}; the category is what lies between the first and the last two bars. */
    public static HistogramKey parse(String key) {
        int first = key.indexOf('|');
        int last = key.lastIndexOf('|');
        int stageStart = key.lastIndexOf('|', last - 1);
        if (first < 0 || stageStart <= first) {
            throw new IllegalArgumentException("not a histogram key: " + key);
        }
        SlaStage stage = SlaStage.valueOf(key.substring(stageStart + 1, last).toUpperCase(Locale.ROOT));
        return new HistogramKey(key.substring(0, first), key.substring(first + 1, stageStart), stage,
                Long.parseLong(key.substring(last + 1)));
    }

    public String format() {
        return jurisdiction + "|" + category + "|" + stage.wireName() + "|" + epochMinute;
    }
}
