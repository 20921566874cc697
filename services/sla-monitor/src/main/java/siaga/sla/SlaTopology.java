package siaga.sla;

import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Topics;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.kafka.DeadLetters;
import siaga.runtime.kafka.EventStreams;
import siaga.runtime.kafka.JsonSerde;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.OpenStage;

/**
 * The SLA monitor: reads {@code complaints}, {@code dispatch} and {@code field}, folds each complaint's events
 * into its timeline and writes StageMet / StageBreached to {@code sla}, keyed by complaint id, and events it
 * cannot place (unknown complaint, broken lifecycle) to {@code dead-letter}.
 *
 * <p>The three topics are co-partitioned by complaint id (6 partitions each), so the merge needs no
 * repartition: one task sees every event of a complaint. Targets come from the reference data of the
 * complaint's jurisdiction and category. Minute histograms of the measured stages are kept for the
 * {@code /api/sla/summary} query; the {@code sla-metrics} topic is not written yet.
 */
public final class SlaTopology {
    public static final String SERVICE = "sla-monitor";
    public static final String TIMELINE_STORE = "sla-timeline-by-complaint";
    public static final String OPEN_STAGES_STORE = "sla-open-stages-by-due";
    public static final String HISTOGRAM_STORE = "sla-histograms-by-category-minute";
    public static final String TIMELINE_PROCESSOR = "sla-timeline";

    private SlaTopology() {
    }

    /** A pure description of the application; {@code clock} decides "now" for breaches and event times. */
    public static Topology build(ReferenceCatalog reference, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMELINE_STORE),
                Serdes.String(), new JsonSerde<>(ComplaintTimeline.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STAGES_STORE),
                Serdes.String(), new JsonSerde<>(OpenStage.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTOGRAM_STORE),
                Serdes.String(), StageHistogram.SERDE));

        KStream<String, Event<?>> events = widen(EventStreams.events(builder, Topics.COMPLAINTS, SERVICE, clock))
                .merge(widen(EventStreams.events(builder, Topics.DISPATCH, SERVICE, clock)), Named.as("merge-dispatch"))
                .merge(widen(EventStreams.events(builder, Topics.FIELD, SERVICE, clock)), Named.as("merge-field"));

        KStream<String, SlaOutput> outputs = events.process(() -> new SlaTimelineProcessor(reference, clock),
                Named.as(TIMELINE_PROCESSOR), TIMELINE_STORE, OPEN_STAGES_STORE, HISTOGRAM_STORE);
        outputs.filter((complaintId, out) -> out.event() != null, Named.as("sla-facts"))
                .mapValues(out -> EventCodec.encode(out.event()), Named.as("encode-sla"))
                .to(Topics.SLA.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-sla"));
        outputs.filter((complaintId, out) -> out.deadLetter() != null, Named.as("sla-rejected"))
                .mapValues(out -> DeadLetters.encode(out.deadLetter()), Named.as("encode-sla-dead-letter"))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-sla-dead-letter"));
        return builder.build();
    }

    /** A stream only ever hands its values on, so a stream of one event family can be read as one of any event. */
    @SuppressWarnings("unchecked")
    private static KStream<String, Event<?>> widen(KStream<String, ? extends Event<?>> stream) {
        return (KStream<String, Event<?>>) stream;
    }
}
