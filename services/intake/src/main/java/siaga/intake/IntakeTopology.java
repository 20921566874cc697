package siaga.intake;

import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.intake.view.ComplaintView;
import siaga.runtime.kafka.EventStreams;
import siaga.runtime.kafka.JsonSerde;

/**
 * The operator's view of every complaint: reads {@code complaints}, {@code dispatch} and {@code field} and
 * folds each complaint's events, by complaint id, into {@link #COMPLAINT_VIEW_STORE} with
 * {@link ComplaintView#evolve}. The three topics share one partition count and key, so the merge needs no
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

    private IntakeTopology() {
    }

    /** The topology; {@code clock} stamps the dead letters it writes. */
    public static Topology build(Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Event<?>> complaints = EventStreams.events(builder, Topics.COMPLAINTS, IntakeService.NAME, clock)
                .mapValues(e -> e, Named.as("view-complaints"));
        KStream<String, Event<?>> dispatch = EventStreams.events(builder, Topics.DISPATCH, IntakeService.NAME, clock)
                .mapValues(e -> e, Named.as("view-dispatch"));
        KStream<String, Event<?>> field = EventStreams.events(builder, Topics.FIELD, IntakeService.NAME, clock)
                .mapValues(e -> e, Named.as("view-field"));
        complaints.merge(dispatch, Named.as("merge-complaints-dispatch"))
                .merge(field, Named.as("merge-field"))
                .groupByKey()
                .aggregate(() -> null,
                        (complaintId, event, view) -> ComplaintView.evolve(view, event),
                        Named.as(FOLD_PROCESSOR),
                        Materialized.<String, ComplaintView, KeyValueStore<Bytes, byte[]>>as(COMPLAINT_VIEW_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JsonSerde<>(ComplaintView.class)));
        return builder.build();
    }
}
