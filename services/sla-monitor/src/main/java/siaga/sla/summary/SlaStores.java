package siaga.sla.summary;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read access to the aggregation stores for queries; each method throws InvalidStateStoreException while its
 * store is not queryable (starting, rebalancing).
 */
public interface SlaStores {
    /** {@code sla-buckets-by-dimension-minute}. */
    ReadOnlyKeyValueStore<String, StageHistogram> buckets();

    /** {@code sla-open-by-dimension}. */
    ReadOnlyKeyValueStore<String, Long> openByDimension();

    /** {@code sla-counters-by-category}. */
    ReadOnlyKeyValueStore<String, Long> counters();
}
