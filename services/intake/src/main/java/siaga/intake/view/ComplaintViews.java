package siaga.intake.view;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.runtime.http.ProblemException;

/**
 * Reads complaint views out of the running view application's store by Interactive Query.
 *
 * <p>Single instance for now: the store here holds only the partitions this instance owns, which is all of
 * them while one intake runs. With several instances a complaint may live in another instance's store, and
 * a miss here would be a false 404; finding the owner ({@code KafkaStreams.queryMetadataForKey}) and asking
 * it over HTTP is later work.
 *
 * <p>The view is eventually consistent: a complaint just acknowledged by {@code POST} appears here once the
 * view has read it back from {@code complaints}, normally within a second.
 */
public final class ComplaintViews {
    private final KafkaStreams streams;
    private final String storeName;

    public ComplaintViews(KafkaStreams streams, String storeName) {
        this.streams = streams;
        this.storeName = storeName;
    }

    /** The complaint's view once its report has been read; a 503 problem while the store cannot be queried. */
    public Optional<ComplaintView> find(String complaintId) {
        try {
            ReadOnlyKeyValueStore<String, ComplaintView> store =
                    streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(complaintId)).filter(ComplaintView::isReported);
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("complaints cannot be looked up while the view is " + streams.state()
                    + "; please try again shortly");
        }
    }
}
