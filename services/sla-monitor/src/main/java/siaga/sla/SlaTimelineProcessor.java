package siaga.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.kafka.DeadLetters;
import siaga.sla.summary.HistogramKey;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.OpenStage;
import siaga.sla.timeline.TimelineStep;

/**
 * One task's share of complaints: folds each event into the complaint's timeline, publishes StageMet as
 * stages complete, adds each measurement to its minute histogram, and every second of wall-clock time
 * publishes StageBreached for open stages whose target has passed on {@code clock}.
 *
 * <p>The open-stages index is kept in step with the timelines: after every change, exactly the timeline's
 * {@link ComplaintTimeline#pending} stages have an entry, at their due time.
 */
final class SlaTimelineProcessor implements Processor<String, Event<?>, String, SlaOutput> {
    static final Duration BREACH_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SlaTimelineProcessor.class);
    private static final Actor ACTOR = Actor.system(SlaTopology.SERVICE);

    private final ReferenceCatalog reference;
    private final Clock clock;
    private ProcessorContext<String, SlaOutput> context;
    private KeyValueStore<String, ComplaintTimeline> timelines;
    private KeyValueStore<String, OpenStage> openStages;
    private KeyValueStore<String, StageHistogram> histograms;

    SlaTimelineProcessor(ReferenceCatalog reference, Clock clock) {
        this.reference = reference;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SlaOutput> context) {
        this.context = context;
        this.timelines = context.getStateStore(SlaTopology.TIMELINE_STORE);
        this.openStages = context.getStateStore(SlaTopology.OPEN_STAGES_STORE);
        this.histograms = context.getStateStore(SlaTopology.HISTOGRAM_STORE);
        context.schedule(BREACH_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, timestamp -> breachOverdueStages());
    }

    @Override
    public void process(Record<String, Event<?>> record) {
        String complaintId = record.key();
        Event<?> event = record.value();
        ComplaintTimeline before = timelines.get(complaintId);
        TimelineStep step = ComplaintTimeline.evolve(before, event, reference);
        ComplaintTimeline after = step.timeline();
        if (after != null && !after.equals(before)) {
            timelines.put(complaintId, after);
            reindex(complaintId, before, after);
        }
        for (SlaEvent fact : step.facts()) {
            Event<SlaEvent> out = event.followedBy(fact, ACTOR, clock.instant());
            if (fact instanceof StageMet met) {
                measure(after, met);
                log.debug("{} of {} met in {} ms, target {} ms", met.stage().wireName(), complaintId,
                        met.elapsedMillis(), met.targetMillis());
            } else {
                logBreach(complaintId, after, fact.stage());
            }
            context.forward(record.withValue(SlaOutput.published(out)));
        }
        if (step.rejection() != null) {
            deadLetter(record, step.rejection());
        }
    }

    private void measure(ComplaintTimeline timeline, StageMet met) {
        String key = HistogramKey.of(timeline.jurisdiction(), met.category(), met.stage(), met.completedAt()).format();
        StageHistogram histogram = histograms.get(key);
        if (histogram == null) {
            histogram = StageHistogram.empty();
        }
        histogram.record(met.elapsedMillis(), met.withinTarget());
        histograms.put(key, histogram);
    }

    private void reindex(String complaintId, ComplaintTimeline before, ComplaintTimeline after) {
        Set<SlaStage> wasPending = before == null ? Set.of() : before.pending();
        Set<SlaStage> isPending = after.pending();
        for (SlaStage stage : wasPending) {
            if (!isPending.contains(stage)) {
                openStages.delete(new OpenStage(complaintId, stage).key(before.dueAt(stage)));
            }
        }
        for (SlaStage stage : isPending) {
            if (!wasPending.contains(stage)) {
                OpenStage open = new OpenStage(complaintId, stage);
                openStages.put(open.key(after.dueAt(stage)), open);
            }
        }
    }

    /**
     * Reads the index in due order up to now and breaches what is strictly past due. An entry due within the
     * current millisecond but not yet strictly past stays for the next run.
     */
    private void breachOverdueStages() {
        Instant now = clock.instant();
        List<KeyValue<String, OpenStage>> due = new ArrayList<>();
        try (KeyValueIterator<String, OpenStage> entries = openStages.all()) {
            while (entries.hasNext()) {
                KeyValue<String, OpenStage> entry = entries.next();
                if (OpenStage.dueMillis(entry.key) > now.toEpochMilli()) {
                    break;
                }
                due.add(entry);
            }
        }
        for (KeyValue<String, OpenStage> entry : due) {
            String complaintId = entry.value.complaintId();
            SlaStage stage = entry.value.stage();
            ComplaintTimeline timeline = timelines.get(complaintId);
            if (timeline.dueAt(stage).isBefore(now)) {
                ComplaintTimeline breached = timeline.breach(stage);
                timelines.put(complaintId, breached);
                reindex(complaintId, timeline, breached);
                Event<SlaEvent> out = Event.of(timeline.breachOf(stage), timeline.jurisdiction(), complaintId, ACTOR,
                        timeline.correlationId(), now);
                logBreach(complaintId, timeline, stage);
                context.forward(new Record<>(complaintId, SlaOutput.published(out), now.toEpochMilli()));
            }
        }
    }

    private void logBreach(String complaintId, ComplaintTimeline timeline, SlaStage stage) {
        log.info("breached {} of {} ({}), due {}", stage.wireName(), complaintId, timeline.category(), timeline.dueAt(stage));
    }

    private void deadLetter(Record<String, Event<?>> record, String reason) {
        context.forward(record.withValue(SlaOutput.rejected(DeadLetters.refused(context.recordMetadata(),
                record.key(), record.value(), reason, SlaTopology.SERVICE, clock.instant()))));
    }
}
