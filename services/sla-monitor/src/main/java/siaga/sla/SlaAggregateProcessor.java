package siaga.sla;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.sla.summary.DimensionDelta;
import siaga.sla.summary.DimensionKey;
import siaga.sla.summary.DimensionSummary;
import siaga.sla.summary.SlaWindow;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.Dimension;

/**
 * Owns the aggregates of the dimension values routed to its task (the deltas are keyed by dimension value, so
 * each value is aggregated in one place): minute buckets of every stage's completions and breaches, the open
 * complaints of each value (its backlog, oldest first), and the breach and correction counters per category and
 * stage. Every {@link #PUBLISH_INTERVAL} of wall-clock time it publishes, for each value changed since, its
 * {@link DimensionSummary} over every {@link SlaWindow} to {@code sla-metrics}; so a value is published at most
 * every 5 s however busy it is. Every {@link #RETENTION_INTERVAL} it drops buckets older than {@link #RETENTION}.
 *
 * <p>A window's figures on {@code sla-metrics} are those of the moment the value last changed: a value with no
 * activity is not republished as minutes leave its window (the HTTP and Prometheus views are always current).
 */
final class SlaAggregateProcessor implements Processor<String, DimensionDelta, String, byte[]> {
    static final Duration PUBLISH_INTERVAL = Duration.ofSeconds(5);
    static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    static final Duration RETENTION = Duration.ofDays(31);
    static final String BREACHES = "breaches";
    static final String CORRECTIONS = "corrections";
    private static final Logger log = LoggerFactory.getLogger(SlaAggregateProcessor.class);

    private final ReferenceCatalog reference;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, StageHistogram> buckets;
    private KeyValueStore<String, Long> open;
    private KeyValueStore<String, Long> changed;
    private KeyValueStore<String, Long> counters;

    SlaAggregateProcessor(ReferenceCatalog reference, Clock clock) {
        this.reference = reference;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buckets = context.getStateStore(SlaTopology.BUCKET_STORE);
        this.open = context.getStateStore(SlaTopology.OPEN_BY_DIMENSION_STORE);
        this.changed = context.getStateStore(SlaTopology.CHANGED_STORE);
        this.counters = context.getStateStore(SlaTopology.COUNTER_STORE);
        context.schedule(PUBLISH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, timestamp -> publishChanged());
        context.schedule(RETENTION_INTERVAL, PunctuationType.WALL_CLOCK_TIME, timestamp -> dropExpiredBuckets());
    }

    @Override
    public void process(Record<String, DimensionDelta> record) {
        DimensionDelta delta = record.value();
        DimensionKey key = delta.key();
        switch (delta.kind()) {
            case MEASURED -> update(key.bucketKey(delta.stage(), DimensionKey.epochMinute(delta.at())),
                    h -> h.record(delta.elapsedMillis(), delta.withinTarget()));
            case BREACHED, UNBREACHED -> {
                long sign = delta.kind() == DimensionDelta.Kind.BREACHED ? 1 : -1;
                update(key.bucketKey(delta.stage(), DimensionKey.epochMinute(delta.at())), h -> h.addBreaches(sign));
                if (key.dimension() == Dimension.CATEGORY) {
                    String counter = counterKey(key.jurisdiction(), key.value(), delta.stage().wireName(),
                            sign > 0 ? BREACHES : CORRECTIONS);
                    Long count = counters.get(counter);
                    counters.put(counter, (count == null ? 0 : count) + 1);
                }
            }
            case OPENED -> open.put(key.openKey(delta.at(), delta.complaintId()), delta.at().toEpochMilli());
            case CLOSED -> open.delete(key.openKey(delta.at(), delta.complaintId()));
        }
        changed.put(key.format(), record.timestamp());
    }

    /** {@code <jurisdiction>|<category>|<stage>|breaches} or {@code ...|corrections}: counts since the monitor began. */
    static String counterKey(String jurisdiction, String category, String stage, String what) {
        return jurisdiction + "|" + category + "|" + stage + "|" + what;
    }

    private void update(String bucketKey, java.util.function.Consumer<StageHistogram> change) {
        StageHistogram histogram = buckets.get(bucketKey);
        if (histogram == null) {
            histogram = StageHistogram.empty();
        }
        change.accept(histogram);
        buckets.put(bucketKey, histogram);
    }

    private void publishChanged() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = changed.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        Instant now = clock.instant();
        for (String formatted : keys) {
            DimensionKey key = DimensionKey.parse(formatted);
            String prefix = formatted + "|";
            List<DimensionSummary> summaries;
            try (KeyValueIterator<String, StageHistogram> minutes = buckets.prefixScan(prefix, new StringSerializer());
                 KeyValueIterator<String, Long> backlog = open.prefixScan(prefix, new StringSerializer())) {
                summaries = DimensionSummary.over(minutes, backlog, EnumSet.allOf(SlaWindow.class), now,
                        jurisdiction -> SlaTopology.zoneOf(reference, jurisdiction));
            }
            for (DimensionSummary summary : summaries) {
                SlaWindow window = SlaWindow.find(summary.window()).orElseThrow();
                context.forward(new Record<>(key.metricKey(window), json(summary), now.toEpochMilli()));
            }
            changed.delete(formatted);
        }
        if (!keys.isEmpty()) {
            log.debug("published the aggregates of {} dimension values", keys.size());
        }
    }

    private void dropExpiredBuckets() {
        long oldestKept = DimensionKey.epochMinute(clock.instant().minus(RETENTION));
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, StageHistogram> all = buckets.all()) {
            while (all.hasNext()) {
                KeyValue<String, StageHistogram> entry = all.next();
                if (DimensionKey.Bucket.parse(entry.key).epochMinute() < oldestKept) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(buckets::delete);
        if (!expired.isEmpty()) {
            log.info("dropped {} minute buckets older than {}", expired.size(), RETENTION);
        }
    }

    private static byte[] json(DimensionSummary summary) {
        try {
            return Json.MAPPER.writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the aggregate of " + summary.dimension() + " " + summary.value(), e);
        }
    }
}
