package siaga.archive.ingest;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How long records waited between Kafka and PostgreSQL: for every record of a committed batch, the commit's
 * time less the record's Kafka timestamp (the producer's send time, or the broker's append time on a topic so
 * configured). Kept in an HdrHistogram, millisecond resolution up to an hour (longer waits count as an hour),
 * three significant digits.
 *
 * <p>A record read again after a failed batch counts once, when its batch commits, with all the time it waited:
 * an outage shows as lag. Both clocks are wall clocks, the broker's and this host's, so skew between them shifts
 * every figure by the same amount.
 *
 * <p>Thread-safe: the writer records, any thread reads. {@link #sinceStart()} covers every record since the
 * archive started; {@link #roll()} hands over the records since the previous roll, which the consumer logs once
 * a minute and shows on {@code /health}.
 */
public final class ArchiveLag {
    private static final long HIGHEST_MILLIS = Duration.ofHours(1).toMillis();

    private final Recorder recorder = new Recorder(1, HIGHEST_MILLIS, 3);
    private final Histogram sinceStart = new Histogram(1, HIGHEST_MILLIS, 3);
    private volatile Window lastWindow;

    /** Percentiles of one window, in milliseconds; {@code count} records. */
    public record Window(long count, long p50Millis, long p99Millis, long maxMillis) {
        static Window of(Histogram histogram) {
            return new Window(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99), histogram.getMaxValue());
        }

        @Override
        public String toString() {
            return count + " records, p50 " + p50Millis + " ms, p99 " + p99Millis + " ms, max " + maxMillis + " ms";
        }
    }

    /** Records the lag of a record with Kafka timestamp {@code recordMillis} committed at {@code committedMillis}. */
    public void record(long recordMillis, long committedMillis) {
        // a negative lag is clock skew; the histogram's floor is 1 ms
        long lag = Math.max(1, Math.min(HIGHEST_MILLIS, committedMillis - recordMillis));
        recorder.recordValue(lag);
        synchronized (sinceStart) {
            sinceStart.recordValue(lag);
        }
    }

    /** The records since the previous roll. */
    public Window roll() {
        Window window = Window.of(recorder.getIntervalHistogram());
        lastWindow = window;
        return window;
    }

    /** The window of the latest {@link #roll()}, or null before the first. */
    public Window lastWindow() {
        return lastWindow;
    }

    /** A copy of every record's lag since the archive started. */
    public Histogram sinceStart() {
        synchronized (sinceStart) {
            return sinceStart.copy();
        }
    }
}
