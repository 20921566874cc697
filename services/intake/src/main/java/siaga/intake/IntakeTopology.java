package siaga.intake;

import java.time.Clock;
import java.time.Duration;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData.DuplicateRule;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.intake.view.ComplaintIndexer;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.NearbyComplaint;
import siaga.intake.view.NearbyGrid;
import siaga.runtime.kafka.EventStreams;
import siaga.runtime.kafka.JsonSerde;

/**
 * The operator's view of every complaint: reads {@code complaints}, {@code dispatch} and {@code field} and
 * folds each complaint's events, by complaint id, into {@link #COMPLAINT_VIEW_STORE} with
 * {@link ComplaintView#evolve}; every change of a view also updates {@link #TICKET_STORE} and
 * {@link #NEARBY_STORE} ({@link ComplaintIndexer}). The three topics share one partition count and key, so the merge needs no
 * repartition. Bad records go to {@code dead-letter} (via {@link EventStreams}) and the view goes on.
 *
 * <p>It writes no topic of its own besides dead letters: it is a read model, not a source of facts. Single
 * instance for now: each intake instance holds the views of the partitions it owns, and routing a lookup to
 * the owning instance is later work (see {@link siaga.intake.view.ComplaintViews}).
 */
public final class IntakeTopology {
    /** The Streams application name; its application id is {@code <prefix>-intake-view}. */
    public static final String APPLICATION_NAME = "intake-view";
    /** Complaint id to {@link ComplaintView}, queried by {@code GET /api/complaints/{id}}. */
    public static final String COMPLAINT_VIEW_STORE = "complaint-view-by-id";
    public static final String FOLD_PROCESSOR = "fold-complaint-view";
    /** Ticket number to complaint id, for the public tracking page and Open311. */
    public static final String TICKET_STORE = "complaint-id-by-ticket";
    /** Open complaints keyed by {@link NearbyGrid} (jurisdiction, category, grid cell), for duplicate detection. */
    public static final String NEARBY_STORE = "open-complaints-by-category-cell";
    public static final String INDEX_PROCESSOR = "index-complaint-view";
    /**
     * How close in space and time a complaint of the same category must be to count as a likely duplicate, for a
     * category whose reference data sets no {@code duplicate} rule of its own.
     */
    public static final DuplicateRule DEFAULT_DUPLICATE = new DuplicateRule(150, Duration.ofHours(2));

    private IntakeTopology() {
    }

    /** The duplicate rule of {@code category} in {@code jurisdiction}, or the default where either is unknown. */
    public static DuplicateRule duplicateRule(ReferenceCatalog catalog, String jurisdiction, String category) {
        return catalog.find(jurisdiction).flatMap(r -> r.findCategory(category))
                .map(c -> c.duplicateOr(DEFAULT_DUPLICATE)).orElse(DEFAULT_DUPLICATE);
    }

    /** The topology; {@code clock} stamps the dead letters it writes; {@code catalog} gives each category's window. */
    public static Topology build(Clock clock, ReferenceCatalog catalog) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Event<?>> complaints = EventStreams.events(builder, Topics.COMPLAINTS, IntakeService.NAME, clock)
                .mapValues(e -> e, Named.as("view-complaints"));
        KStream<String, Event<?>> dispatch = EventStreams.events(builder, Topics.DISPATCH, IntakeService.NAME, clock)
                .mapValues(e -> e, Named.as("view-dispatch"));
        KStream<String, Event<?>> field = EventStreams.events(builder, Topics.FIELD, IntakeService.NAME, clock)
                .mapValues(e -> e, Named.as("view-field"));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TICKET_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NEARBY_STORE),
                Serdes.String(), new JsonSerde<>(NearbyComplaint.class)));
        complaints.merge(dispatch, Named.as("merge-complaints-dispatch"))
                .merge(field, Named.as("merge-field"))
                .groupByKey()
                .aggregate(() -> null,
                        (complaintId, event, view) -> ComplaintView.evolve(view, event),
                        Named.as(FOLD_PROCESSOR),
                        Materialized.<String, ComplaintView, KeyValueStore<Bytes, byte[]>>as(COMPLAINT_VIEW_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JsonSerde<>(ComplaintView.class)))
                .toStream(Named.as("complaint-view-changes"))
                .process(() -> new ComplaintIndexer(TICKET_STORE, NEARBY_STORE,
                                (jurisdiction, category) -> duplicateRule(catalog, jurisdiction, category).window()),
                        Named.as(INDEX_PROCESSOR), TICKET_STORE, NEARBY_STORE);
        return builder.build();
    }
}
