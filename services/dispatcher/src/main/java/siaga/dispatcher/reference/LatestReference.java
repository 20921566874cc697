package siaga.dispatcher.reference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/**
 * The reference data a processor decides with: the newest version of each jurisdiction from the compacted
 * {@code reference} topic (a global store, {@value #STORE}, so every task sees every jurisdiction), falling back
 * to the configured catalog until a version of that jurisdiction arrives.
 *
 * <p>A version that does not parse or validate is refused with a warning and the one before it stays in force.
 * Parsing happens once per version: each processor instance keeps the bytes it last parsed per jurisdiction.
 * One instance per processor, used only from its stream thread.
 */
public final class LatestReference {
    /** The global store: jurisdiction id to the raw JSON of its newest reference data. */
    public static final String STORE = "reference-by-jurisdiction";

    private static final Logger log = LoggerFactory.getLogger(LatestReference.class);

    private final ReferenceCatalog configured;
    private final KeyValueStore<String, byte[]> store;
    private final Map<String, Parsed> parsed = new HashMap<>();

    private final Map<String, Grouped> grouped = new HashMap<>();

    private record Parsed(byte[] raw, ReferenceData data) {
    }

    private record Grouped(ReferenceData data, Map<String, List<ReferenceData.Crew>> crewsByDepartment) {
    }

    public LatestReference(ReferenceCatalog configured, KeyValueStore<String, byte[]> store) {
        this.configured = configured;
        this.store = store;
    }

    /** Adds the global store reading {@code reference} to a topology. */
    public static void addStore(StreamsBuilder builder) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                Topics.REFERENCE, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-reference"),
                StoreUpdater::new);
    }

    public Optional<ReferenceData> find(String jurisdiction) {
        byte[] raw = store.get(jurisdiction);
        if (raw == null) {
            return configured.find(jurisdiction);
        }
        Parsed last = parsed.get(jurisdiction);
        if (last != null && (last.raw == raw || Arrays.equals(last.raw, raw))) {
            return Optional.ofNullable(last.data);
        }
        try {
            ReferenceData data = Json.MAPPER.readValue(raw, ReferenceData.class);
            if (!data.jurisdiction().id().equals(jurisdiction)) {
                throw new IllegalArgumentException("keyed " + jurisdiction + " but describes " + data.jurisdiction().id());
            }
            parsed.put(jurisdiction, new Parsed(raw, data));
            log.info("deciding for {} with reference data from the reference topic ({} crews)", jurisdiction, data.crews().size());
            return Optional.of(data);
        } catch (java.io.IOException | IllegalArgumentException e) {
            log.warn("refused reference data of {} from the reference topic, keeping the version before: {}", jurisdiction, e.getMessage());
            parsed.put(jurisdiction, new Parsed(raw, last != null ? last.data : configured.find(jurisdiction).orElse(null)));
            return Optional.ofNullable(parsed.get(jurisdiction).data);
        }
    }

    public ReferenceData get(String jurisdiction) {
        return find(jurisdiction).orElseThrow(() -> new IllegalArgumentException("unknown jurisdiction " + jurisdiction));
    }

    /**
     * The crews of {@code department} in the jurisdiction's newest reference data, in the data's order: a decision
     * looks at one department's crews, and filtering every crew of the city for each one costs more than deciding.
     * Grouped once per version.
     */
    public List<ReferenceData.Crew> departmentCrews(String jurisdiction, String department) {
        ReferenceData data = get(jurisdiction);
        Grouped last = grouped.get(jurisdiction);
        if (last == null || last.data != data) {
            last = new Grouped(data, data.crews().stream().collect(Collectors.groupingBy(ReferenceData.Crew::department)));
            grouped.put(jurisdiction, last);
        }
        return last.crewsByDepartment.getOrDefault(department, List.of());
    }

    /** Keeps the newest value per jurisdiction; a tombstone removes the jurisdiction's topic version. */
    private static final class StoreUpdater implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                log.warn("ignored reference data without a jurisdiction key");
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
