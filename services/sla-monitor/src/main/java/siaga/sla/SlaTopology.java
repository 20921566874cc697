package siaga.sla;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Topics;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.kafka.DeadLetters;
import siaga.runtime.kafka.EventStreams;
import siaga.runtime.kafka.JsonSerde;
import siaga.sla.summary.DimensionDelta;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.OpenStage;

/**
 * The SLA monitor: reads {@code complaints}, {@code dispatch} and {@code field}, folds each complaint's events
 * into its timeline and writes StageMet / StageAtRisk / StageBreached / StageCorrected to {@code sla}, keyed by
 * complaint id, and events it cannot place (unknown complaint, broken lifecycle) to {@code dead-letter}.
 *
 * <p>Two sub-topologies. The first ({@link SlaTimelineProcessor}) needs no repartition: the three topics are
 * co-partitioned by complaint id (6 partitions each), so one task sees every event of a complaint. Its changes
 * to the aggregates go, keyed by dimension value, through the {@code sla-dimension-deltas} repartition to the
 * second ({@link SlaAggregateProcessor}), where each value of each dimension (jurisdiction, department, category,
 * crew, kecamatan) is aggregated by exactly one task, and published to {@code sla-metrics}. Targets and calendars
 * come from the reference data of the complaint's jurisdiction and category at its report.
 */
public final class SlaTopology {
    public static final String SERVICE = "sla-monitor";
    public static final String TIMELINE_STORE = "sla-timeline-by-complaint";
    public static final String OPEN_STAGES_STORE = "sla-stage-alarms-by-time";
    public static final String BUCKET_STORE = "sla-buckets-by-dimension-minute";
    public static final String OPEN_BY_DIMENSION_STORE = "sla-open-by-dimension";
    public static final String CHANGED_STORE = "sla-dimensions-changed";
    public static final String COUNTER_STORE = "sla-counters-by-category";
    public static final String TIMELINE_PROCESSOR = "sla-timeline";
    public static final String AGGREGATE_PROCESSOR = "sla-aggregate";
    public static final String DELTAS_REPARTITION = "sla-dimension-deltas";

    private SlaTopology() {
    }

    /**
     * A pure description of the application; {@code clock} decides "now" for alarms, windows and event times,
     * and {@code catchUp} when a task reading records far behind it breaches by its stream time instead (see
     * {@link SlaTimelineProcessor}).
     */
    public static Topology build(ReferenceCatalog reference, Clock clock, CatchUp catchUp) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMELINE_STORE),
                Serdes.String(), new JsonSerde<>(ComplaintTimeline.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STAGES_STORE),
                Serdes.String(), new JsonSerde<>(OpenStage.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUCKET_STORE),
                Serdes.String(), StageHistogram.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_BY_DIMENSION_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHANGED_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTER_STORE),
                Serdes.String(), Serdes.Long()));

        KStream<String, Event<?>> events = widen(EventStreams.events(builder, Topics.COMPLAINTS, SERVICE, clock))
                .merge(widen(EventStreams.events(builder, Topics.DISPATCH, SERVICE, clock)), Named.as("merge-dispatch"))
                .merge(widen(EventStreams.events(builder, Topics.FIELD, SERVICE, clock)), Named.as("merge-field"));

        KStream<String, SlaOutput> outputs = events.process(() -> new SlaTimelineProcessor(reference, clock, catchUp),
                Named.as(TIMELINE_PROCESSOR), TIMELINE_STORE, OPEN_STAGES_STORE);
        outputs.filter((complaintId, out) -> out.event() != null, Named.as("sla-facts"))
                .mapValues(out -> EventCodec.encode(out.event()), Named.as("encode-sla"))
                .to(Topics.SLA.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-sla"));
        outputs.filter((complaintId, out) -> out.deadLetter() != null, Named.as("sla-rejected"))
                .mapValues(out -> DeadLetters.encode(out.deadLetter()), Named.as("encode-sla-dead-letter"))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-sla-dead-letter"));
        outputs.filter((dimensionKey, out) -> out.delta() != null, Named.as("sla-deltas"))
                .mapValues(SlaOutput::delta, Named.as("unwrap-sla-delta"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(DimensionDelta.class)).withName(DELTAS_REPARTITION))
                .process(() -> new SlaAggregateProcessor(reference, clock), Named.as(AGGREGATE_PROCESSOR),
                        BUCKET_STORE, OPEN_BY_DIMENSION_STORE, CHANGED_STORE, COUNTER_STORE)
                .to(Topics.SLA_METRICS, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-sla-metrics"));
        return builder.build();
    }

    /** The zone of a jurisdiction's calendar days; UTC for one no longer configured. */
    static ZoneId zoneOf(ReferenceCatalog reference, String jurisdiction) {
        return reference.find(jurisdiction).map(ReferenceData::jurisdiction).map(ReferenceData.Jurisdiction::timeZone)
                .orElse(ZoneOffset.UTC);
    }

    /** A stream only ever hands its values on, so a stream of one event family can be read as one of any event. */
    @SuppressWarnings("unchecked")
    private static KStream<String, Event<?>> widen(KStream<String, ? extends Event<?>> stream) {
        return (KStream<String, Event<?>>) stream;
    }
}
