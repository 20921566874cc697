package siaga.sla.summary;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.events.SlaStage;
import siaga.sla.timeline.Dimension;

/**
 * One value of one dimension in one jurisdiction, such as the category {@code fallen-tree} in {@code madiun}.
 * Its {@link #format() text form} {@code category|madiun|fallen-tree} starts the keys of the aggregation stores, so a
 * prefix scan finds one value ({@code category|madiun|fallen-tree|}) or a whole dimension ({@code category|}):
 * <ul>
 *   <li>{@code sla-buckets-by-dimension-minute}: {@code <key>|<stage>|<epoch minute, 10 digits>};</li>
 *   <li>{@code sla-open-by-dimension}: {@code <key>|<reportedAt epoch millis, 19 digits>|<complaintId>}, oldest first.</li>
 * </ul>
 * Values must not contain {@code |} (codes and ids of the reference data do not).
 */
public record DimensionKey(Dimension dimension, String jurisdiction, String value) {
    public DimensionKey {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(value, "value");
    }

    public String format() {
        return dimension.wireName() + "|" + jurisdiction + "|" + value;
    }

    /** Reads {@link #format()} or any store key it starts. */
    public static DimensionKey parse(String key) {
        String[] parts = key.split("\\|", 4);
        if (parts.length < 3) {
            throw new IllegalArgumentException("not a dimension key: " + key);
        }
        Dimension dimension = Dimension.find(parts[0]).orElseThrow(() -> new IllegalArgumentException("not a dimension key: " + key));
        return new DimensionKey(dimension, parts[1], parts[2]);
    }

    public String bucketKey(SlaStage stage, long epochMinute) {
        return format() + "|" + stage.wireName() + "|" + String.format("%010d", epochMinute);
    }

    public String openKey(Instant reportedAt, String complaintId) {
        return format() + "|" + String.format("%019d", reportedAt.toEpochMilli()) + "|" + complaintId;
    }

    /**
     * The key of this value's aggregate over {@code window} on {@code sla-metrics}: {@code <dimension>/<value>/<window>},
     * the value qualified by its jurisdiction ({@code category/madiun:fallen-tree/1h}) except for the jurisdiction
     * itself ({@code jurisdiction/madiun/30d}), because every city has its DLH.
     */
    public String metricKey(SlaWindow window) {
        String qualified = dimension == Dimension.JURISDICTION ? value : jurisdiction + ":" + value;
        return dimension.wireName() + "/" + qualified + "/" + window.wireName();
    }

    public static long epochMinute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    /** The stage and minute of a bucket key. */
    public record Bucket(DimensionKey key, SlaStage stage, long epochMinute) {
        public static Bucket parse(String bucketKey) {
            int last = bucketKey.lastIndexOf('|');
            int stageStart = bucketKey.lastIndexOf('|', last - 1);
            SlaStage stage = SlaStage.fromWireName(bucketKey.substring(stageStart + 1, last));
            return new Bucket(DimensionKey.parse(bucketKey.substring(0, stageStart)), stage,
                    Long.parseLong(bucketKey.substring(last + 1)));
        }
    }
}
