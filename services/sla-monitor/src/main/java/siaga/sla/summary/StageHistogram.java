package siaga.sla.summary;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The measurements of one stage completed in one minute (or the merge of several minutes): every elapsed
 * time in an HdrHistogram with 3 significant digits, how many were within target, the exact smallest and
 * largest elapsed time, and how many breaches fell due in that minute (less those corrected since).
 *
 * <p>Percentiles are nearest-rank, like SQL {@code percentile_disc}: {@link #percentile} of 50 over the 100
 * values 1 s .. 100 s is the 50th smallest value, 50 s. HdrHistogram reports the highest value of the bucket
 * that rank falls in, so the result is within 0.1% of the exact value (3 significant digits: 50 000 ms comes
 * back as 50 015 ms); it is clamped to the exact min and max, so a single measurement comes back exactly.
 *
 * <p>Mutable and not thread-safe: a store hands out a fresh copy on every read.
 */
public final class StageHistogram {
    public static final int SIGNIFICANT_DIGITS = 3;
    private static final byte FORMAT = 2;
    private static final int HEADER_BYTES = 1 + 4 * Long.BYTES;

    /** Values of the {@code sla-buckets-by-dimension-minute} store: a format byte, the counters, then the compressed histogram. */
    public static final Serde<StageHistogram> SERDE = Serdes.serdeFrom(
            (topic, histogram) -> histogram == null ? null : histogram.encode(),
            (topic, bytes) -> bytes == null ? null : decode(bytes));

    private final Histogram elapsedMillis;
    private long withinTarget;
    private long minMillis;
    private long maxMillis;
    private long breaches;

    private StageHistogram(Histogram elapsedMillis, long withinTarget, long minMillis, long maxMillis, long breaches) {
        this.elapsedMillis = elapsedMillis;
        this.elapsedMillis.setAutoResize(true);
        this.withinTarget = withinTarget;
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.breaches = breaches;
    }

    public static StageHistogram empty() {
        return new StageHistogram(new Histogram(SIGNIFICANT_DIGITS), 0, Long.MAX_VALUE, Long.MIN_VALUE, 0);
    }

    /** Adds one completed stage; {@code elapsedMillis} must not be negative. */
    public void record(long elapsedMillis, boolean withinTarget) {
        this.elapsedMillis.recordValue(elapsedMillis);
        if (withinTarget) {
            this.withinTarget++;
        }
        minMillis = Math.min(minMillis, elapsedMillis);
        maxMillis = Math.max(maxMillis, elapsedMillis);
    }

    /** Counts a breach ({@code +1}) or takes back one that a late event corrected ({@code -1}). */
    public void addBreaches(long delta) {
        breaches += delta;
    }

    public long breaches() {
        return breaches;
    }

    public void add(StageHistogram other) {
        elapsedMillis.add(other.elapsedMillis);
        breaches += other.breaches;
        withinTarget += other.withinTarget;
        minMillis = Math.min(minMillis, other.minMillis);
        maxMillis = Math.max(maxMillis, other.maxMillis);
    }

    public long count() {
        return elapsedMillis.getTotalCount();
    }

    public long withinTarget() {
        return withinTarget;
    }

    /** The nearest-rank {@code percentile} (0..100) in millis, within 0.1%; 0 when nothing was recorded. */
    public long percentile(double percentile) {
        if (count() == 0) {
            return 0;
        }
        return Math.max(minMillis, Math.min(maxMillis, elapsedMillis.getValueAtPercentile(percentile)));
    }

    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + elapsedMillis.getNeededByteBufferCapacity());
        buffer.put(FORMAT).putLong(withinTarget).putLong(minMillis).putLong(maxMillis).putLong(breaches);
        elapsedMillis.encodeIntoCompressedByteBuffer(buffer, Deflater.DEFAULT_COMPRESSION);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    public static StageHistogram decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || buffer.get() != FORMAT) {
            throw new SerializationException("not a stage histogram of format " + FORMAT);
        }
        long withinTarget = buffer.getLong();
        long minMillis = buffer.getLong();
        long maxMillis = buffer.getLong();
        long breaches = buffer.getLong();
        try {
            return new StageHistogram(Histogram.decodeFromCompressedByteBuffer(buffer, 0), withinTarget, minMillis, maxMillis, breaches);
        } catch (DataFormatException e) {
            throw new SerializationException("corrupt stage histogram", e);
        }
    }
}
