package siaga.sla.summary;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import siaga.contracts.ActorRole;
import siaga.runtime.access.Access;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.ProblemException;
import siaga.runtime.kafka.StreamsPeers;
import siaga.sla.metrics.PrometheusText;
import siaga.sla.timeline.Dimension;

/**
 * The SLA monitor's queries, read from this instance's aggregation stores and ending now on the injected clock:
 * <ul>
 *   <li>{@code GET /api/sla/summary?window=1h|24h} (default 1h): per jurisdiction and category, see {@link SlaSummary};</li>
 *   <li>{@code GET /api/sla/dimensions/{dimension}?window=1h|day|7d|30d} (default 1h), dimension one of
 *       jurisdiction, department, category, crew, kecamatan: every value with activity in the window, see
 *       {@link DimensionSummary};</li>
 *   <li>{@code GET /metrics}: every dimension over every window in the Prometheus text format.</li>
 * </ul>
 * Bad parameters are 400 problems naming the parameter; stores not yet queryable are 503.
 *
 * <p>The {@code /api/sla} queries are for operators, managers and inspectors, and show the figures of the user's
 * own jurisdiction only (aggregates: no personal data). {@code /metrics} is public, because a Prometheus scraper
 * carries no session and these are the aggregate figures the city's performance promise makes public anyway.
 *
 * <p>Every dimension value's aggregates live in one partition, so the instances' shares never overlap: an
 * instance answers for its own partitions and asks the other instances ({@link StreamsPeers}) for theirs, then
 * joins the lists; a peer's request, marked local-only, is answered from the peer's own partitions. For
 * {@code /metrics}, a peer answers with its share as JSON ({@link MetricsShare}), rendered once by the first.
 */
public final class SlaRoutes {
    public static final String SUMMARY_PATH = "/api/sla/summary";
    public static final String DIMENSIONS_PATH = "/api/sla/dimensions/{dimension}";
    public static final String METRICS_PATH = "/metrics";
    public static final String DEFAULT_WINDOW = "1h";
    private static final Map<String, Duration> SUMMARY_WINDOWS = summaryWindows();
    /** The order of {@link DimensionSummary#over}: dimension, jurisdiction, value, window. */
    private static final Comparator<DimensionSummary> IN_ORDER = Comparator
            .comparing((DimensionSummary summary) -> Dimension.find(summary.dimension()).orElseThrow())
            .thenComparing(DimensionSummary::jurisdiction).thenComparing(DimensionSummary::value)
            .thenComparing(summary -> SlaWindow.find(summary.window()).orElseThrow());

    private final SlaStores stores;
    private final StreamsPeers peers;
    private final String store;
    private final Function<String, ZoneId> zoneOf;
    private final Clock clock;

    /**
     * {@code peers} are the other instances holding shares of {@code store} (the aggregation store); {@code zoneOf}
     * gives a jurisdiction's zone, for the {@code day} window.
     */
    public SlaRoutes(SlaStores stores, StreamsPeers peers, String store, Function<String, ZoneId> zoneOf, Clock clock) {
        this.stores = stores;
        this.peers = peers;
        this.store = store;
        this.zoneOf = zoneOf;
        this.clock = clock;
    }

    /** One instance's share of {@code /metrics}, as a peer sends it: its dimension summaries and counters. */
    public record MetricsShare(List<DimensionSummary> summaries, Map<String, Long> counters) {
    }

    /** The answer of {@code GET /api/sla/dimensions/{dimension}}: values without activity in the window are left out. */
    public record DimensionsResponse(String dimension, String window, Instant to, List<DimensionSummary> values) {
    }

    /** Who may read the SLA figures over the API; the SLA event stream admits the same. */
    public static final Roles READERS = Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR);

    public void register(RouteTable routes) {
        routes.get(SUMMARY_PATH, READERS, this::summary);
        routes.get(DIMENSIONS_PATH, READERS, this::dimensions);
        routes.get(METRICS_PATH, Roles.PUBLIC, this::metrics);
    }

    private void summary(Context ctx) {
        String window = ctx.queryParamMap().containsKey("window") ? ctx.queryParam("window") : DEFAULT_WINDOW;
        Duration length = SUMMARY_WINDOWS.get(window);
        if (length == null) {
            throw ProblemException.badRequest("window", "window must be one of " + String.join(", ", SUMMARY_WINDOWS.keySet()));
        }
        Instant to = clock.instant();
        Instant from = to.minus(length);
        SlaSummary mine;
        try (KeyValueIterator<String, StageHistogram> minutes = stores.buckets().prefixScan(
                Dimension.CATEGORY.wireName() + "|", new StringSerializer())) {
            mine = SlaSummary.over(window, from, to, minutes).of(Access.principal(ctx).jurisdiction());
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
        if (StreamsPeers.localOnly(ctx)) {
            ctx.json(mine);
            return;
        }
        List<SlaSummary.CategorySummary> categories = new ArrayList<>(mine.categories());
        peers.gather(ctx, store, SlaSummary.class).forEach(share -> categories.addAll(share.categories()));
        categories.sort(Comparator.comparing(SlaSummary.CategorySummary::jurisdiction)
                .thenComparing(SlaSummary.CategorySummary::category));
        ctx.json(new SlaSummary(window, from, to, categories));
    }

    private void dimensions(Context ctx) {
        String name = ctx.pathParam("dimension");
        Dimension dimension = Dimension.find(name).orElseThrow(() -> ProblemException.badRequest("dimension",
                "dimension must be one of " + Arrays.stream(Dimension.values()).map(Dimension::wireName).collect(Collectors.joining(", "))));
        String windowName = ctx.queryParamMap().containsKey("window") ? ctx.queryParam("window") : DEFAULT_WINDOW;
        SlaWindow window = SlaWindow.find(windowName)
                .orElseThrow(() -> ProblemException.badRequest("window", "window must be one of "
                        + Arrays.stream(SlaWindow.values()).map(SlaWindow::wireName).collect(Collectors.joining(", "))));
        Instant now = clock.instant();
        List<DimensionSummary> values = new ArrayList<>();
        String jurisdiction = Access.principal(ctx).jurisdiction();
        for (DimensionSummary summary : summaries(EnumSet.of(dimension), EnumSet.of(window), now)) {
            if (!summary.isEmpty() && summary.jurisdiction().equals(jurisdiction)) {
                values.add(summary);
            }
        }
        if (!StreamsPeers.localOnly(ctx)) {
            peers.gather(ctx, store, DimensionsResponse.class).forEach(share -> values.addAll(share.values()));
            values.sort(IN_ORDER);
        }
        ctx.json(new DimensionsResponse(dimension.wireName(), window.wireName(), now, values));
    }

    private void metrics(Context ctx) {
        List<DimensionSummary> summaries = summaries(EnumSet.allOf(Dimension.class), EnumSet.allOf(SlaWindow.class), clock.instant());
        Map<String, Long> counters = new TreeMap<>();
        try (KeyValueIterator<String, Long> mine = stores.counters().all()) {
            mine.forEachRemaining(entry -> counters.merge(entry.key, entry.value, Long::sum));
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
        if (StreamsPeers.localOnly(ctx)) {
            ctx.json(new MetricsShare(summaries, counters));
            return;
        }
        for (MetricsShare share : peers.gather(ctx, store, MetricsShare.class)) {
            summaries.addAll(share.summaries());
            share.counters().forEach((key, value) -> counters.merge(key, value, Long::sum));
        }
        summaries.sort(IN_ORDER);
        ctx.contentType(PrometheusText.CONTENT_TYPE).result(PrometheusText.render(summaries,
                counters.entrySet().stream().map(e -> KeyValue.pair(e.getKey(), e.getValue())).iterator()));
    }

    private List<DimensionSummary> summaries(Set<Dimension> dimensions, Set<SlaWindow> windows, Instant now) {
        List<DimensionSummary> all = new ArrayList<>();
        try {
            for (Dimension dimension : dimensions) {
                String prefix = dimension.wireName() + "|";
                try (KeyValueIterator<String, StageHistogram> buckets = stores.buckets().prefixScan(prefix, new StringSerializer());
                     KeyValueIterator<String, Long> open = stores.openByDimension().prefixScan(prefix, new StringSerializer())) {
                    all.addAll(DimensionSummary.over(buckets, open, windows, now, zoneOf));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
        return all;
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("the SLA aggregates are not queryable yet; retry shortly");
    }

    private static Map<String, Duration> summaryWindows() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("1h", Duration.ofHours(1));
        windows.put("24h", Duration.ofHours(24));
        return windows;
    }
}
