package siaga.intake.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.contracts.GeoPoint;
import siaga.runtime.http.ProblemException;

/**
 * Reads the running view application's stores by Interactive Query: complaint views by id, complaint ids by
 * ticket, and open complaints near a point.
 *
 * <p>Single instance for now: each store here holds only the partitions this instance owns, which is all of
 * them while one intake runs. With several instances a complaint may live in another instance's store, and
 * a miss here would be a false 404; finding the owner ({@code KafkaStreams.queryMetadataForKey}) and asking
 * it over HTTP is later work. The ticket and nearby stores are partitioned by complaint id too, so they would
 * need a fan-out to every instance rather than one owner.
 *
 * <p>The view is eventually consistent: a complaint just acknowledged by {@code POST} appears here once the
 * view has read it back from {@code complaints}, normally within a second.
 */
public final class ComplaintViews {
    private final KafkaStreams streams;
    private final String viewStore;
    private final String ticketStore;
    private final String nearbyStore;

    /** A likely duplicate: an open complaint of the same category, how far from the point and how old. */
    public record Nearby(String complaintId, String ticket, double distanceMetres, Duration age, Instant reportedAt) {
    }

    public ComplaintViews(KafkaStreams streams, String viewStore, String ticketStore, String nearbyStore) {
        this.streams = streams;
        this.viewStore = viewStore;
        this.ticketStore = ticketStore;
        this.nearbyStore = nearbyStore;
    }

    /** The complaint's view once its report has been read; a 503 problem while the store cannot be queried. */
    public Optional<ComplaintView> find(String complaintId) {
        return query(() -> Optional.ofNullable(this.<ComplaintView>store(viewStore).get(complaintId))
                .filter(ComplaintView::isReported));
    }

    public Optional<ComplaintView> findByTicket(String ticket) {
        return query(() -> Optional.ofNullable(this.<String>store(ticketStore).get(ticket))).flatMap(this::find);
    }

    /**
     * Open complaints of {@code category} in {@code jurisdiction} within {@code radiusMetres} of {@code point}
     * and reported at most {@code window} before {@code now}, nearest first (then oldest first).
     */
    public List<Nearby> nearby(String jurisdiction, String category, GeoPoint point, double radiusMetres,
                               Duration window, Instant now) {
        return query(() -> findNearby(jurisdiction, category, point, radiusMetres, window, now));
    }

    private List<Nearby> findNearby(String jurisdiction, String category, GeoPoint point, double radiusMetres,
                                    Duration window, Instant now) {
        ReadOnlyKeyValueStore<String, NearbyComplaint> store = store(nearbyStore);
        Instant since = now.minus(window);
        List<Nearby> found = new ArrayList<>();
        for (NearbyGrid.KeyRange range : NearbyGrid.around(jurisdiction, category, point, radiusMetres)) {
            try (KeyValueIterator<String, NearbyComplaint> entries = store.range(range.from(), range.to())) {
                while (entries.hasNext()) {
                    NearbyComplaint c = entries.next().value;
                    double distance = point.metresTo(c.location());
                    if (distance <= radiusMetres && !c.reportedAt().isBefore(since) && !c.reportedAt().isAfter(now)) {
                        found.add(new Nearby(c.complaintId(), c.ticket(), Math.round(distance * 10) / 10.0,
                                Duration.between(c.reportedAt(), now), c.reportedAt()));
                    }
                }
            }
        }
        found.sort(Comparator.comparingDouble(Nearby::distanceMetres).thenComparing(Nearby::reportedAt));
        return found;
    }

    /**
     * Every reported view that matches, at most {@code limit}, newest first. This walks the whole view store:
     * it serves Open311's filtered listing, which is bounded by its date window; searches over the full history
     * belong to the archive.
     */
    public List<ComplaintView> list(Predicate<ComplaintView> matches, int limit) {
        return query(() -> findAll(matches, limit));
    }

    private List<ComplaintView> findAll(Predicate<ComplaintView> matches, int limit) {
        List<ComplaintView> found = new ArrayList<>();
        try (KeyValueIterator<String, ComplaintView> all = this.<ComplaintView>store(viewStore).all()) {
            while (all.hasNext()) {
                KeyValue<String, ComplaintView> entry = all.next();
                if (entry.value.isReported() && matches.test(entry.value)) {
                    found.add(entry.value);
                }
            }
        }
        found.sort(Comparator.comparing(ComplaintView::reportedAt).reversed().thenComparing(ComplaintView::id));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    /** Runs a query; a 503 problem while the stores cannot be queried (starting, rebalancing, stopped). */
    private <T> T query(Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("complaints cannot be looked up while the view is " + streams.state()
                    + "; please try again shortly");
        }
    }
}
