package siaga.sla.summary;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.runtime.http.ProblemException;

/**
 * {@code GET /api/sla/summary?window=1h|24h} (default 1h): the SLA summary of the last hour or day, ending
 * now on the injected clock, read from this instance's {@code sla-histograms-by-category-minute} store.
 *
 * <p>It answers from the partitions this instance hosts, which is all of them while the monitor runs as one
 * instance; several instances would each answer for their share until the query fans out to the others.
 */
public final class SlaRoutes {
    public static final String SUMMARY_PATH = "/api/sla/summary";
    public static final String DEFAULT_WINDOW = "1h";
    private static final Map<String, Duration> WINDOWS = windows();

    private final Supplier<ReadOnlyKeyValueStore<String, StageHistogram>> histograms;
    private final Clock clock;

    /** {@code histograms} gives the queryable store, or throws InvalidStateStoreException while it is not. */
    public SlaRoutes(Supplier<ReadOnlyKeyValueStore<String, StageHistogram>> histograms, Clock clock) {
        this.histograms = histograms;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get(SUMMARY_PATH, this::summary);
    }

    private void summary(Context ctx) {
        String window = ctx.queryParamMap().containsKey("window") ? ctx.queryParam("window") : DEFAULT_WINDOW;
        Duration length = WINDOWS.get(window);
        if (length == null) {
            throw ProblemException.badRequest("window", "window must be one of " + String.join(", ", WINDOWS.keySet()));
        }
        Instant to = clock.instant();
        Instant from = to.minus(length);
        try (KeyValueIterator<String, StageHistogram> minutes = histograms.get().all()) {
            ctx.json(SlaSummary.over(window, from, to, minutes));
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("the SLA aggregates are not queryable yet; retry shortly");
        }
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1h", Duration.ofHours(1));
        windows.put("24h", Duration.ofHours(24));
        return windows;
    }
}
