package siaga.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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
import siaga.contracts.events.EventType;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.kafka.DeadLetters;
import siaga.sla.summary.DimensionDelta;
import siaga.sla.summary.DimensionKey;
import siaga.sla.timeline.ComplaintTimeline;
import siaga.sla.timeline.Dimension;
import siaga.sla.timeline.OpenStage;
import siaga.sla.timeline.TimelineStep;

/**
 * One task's share of complaints: folds each event into the complaint's timeline and publishes StageMet,
 * StageCorrected and late StageBreached as stages complete; every second of wall-clock time publishes StageAtRisk
 * for open stages past 80% of their target and StageBreached for those strictly past their due moment, on
 * {@code clock}. Every fact, and every change to a complaint's place in a backlog, also goes out as a
 * {@link DimensionDelta} per dimension value, for {@link SlaAggregateProcessor}.
 *
 * <p>The alarm index is kept in step with the timelines: after every change, exactly the timeline's
 * {@link ComplaintTimeline#alarms} have an entry, at their alarm time.
 */
final class SlaTimelineProcessor implements Processor<String, Event<?>, String, SlaOutput> {
    static final Duration BREACH_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SlaTimelineProcessor.class);
    static final Actor ACTOR = Actor.system(SlaTopology.SERVICE);

    private final ReferenceCatalog reference;
    private final Clock clock;
    private ProcessorContext<String, SlaOutput> context;
    private KeyValueStore<String, ComplaintTimeline> timelines;
    private KeyValueStore<String, OpenStage> alarms;

    SlaTimelineProcessor(ReferenceCatalog reference, Clock clock) {
        this.reference = reference;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SlaOutput> context) {
        this.context = context;
        this.timelines = context.getStateStore(SlaTopology.TIMELINE_STORE);
        this.alarms = context.getStateStore(SlaTopology.OPEN_STAGES_STORE);
        context.schedule(BREACH_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, timestamp -> raiseAlarms());
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
        Instant now = clock.instant();
        for (SlaEvent fact : step.facts()) {
            publish(complaintId, after, fact, now);
        }
        backlogDeltas(complaintId, before, after, now);
        if (step.rejection() != null) {
            context.forward(record.withValue(SlaOutput.rejected(DeadLetters.refused(context.recordMetadata(),
                    record.key(), record.value(), step.rejection(), SlaTopology.SERVICE, now))));
        }
    }

    private void publish(String complaintId, ComplaintTimeline timeline, SlaEvent fact, Instant now) {
        EventType type = EventTypes.of(fact.getClass());
        UUID id = ComplaintTimeline.factId(complaintId, fact.getClass(), fact.stage());
        Event<SlaEvent> event = new Event<>(id, type.name(), type.version(), now, timeline.jurisdiction(), complaintId, ACTOR,
                timeline.correlationId(), fact);
        context.forward(new Record<>(complaintId, SlaOutput.published(event), now.toEpochMilli()));
        for (Map.Entry<Dimension, String> value : timeline.dimensions().entrySet()) {
            DimensionKey key = new DimensionKey(value.getKey(), timeline.jurisdiction(), value.getValue());
            if (fact instanceof StageMet met) {
                forward(DimensionDelta.measured(key, met.stage(), met.completedAt(), met.elapsedMillis(), met.withinTarget()), now);
            } else if (fact instanceof StageCorrected corrected) {
                forward(DimensionDelta.measured(key, corrected.stage(), corrected.completedAt(), corrected.elapsedMillis(), true), now);
                forward(DimensionDelta.breach(key, corrected.stage(), timeline.dueAt(corrected.stage()), true), now);
            } else if (fact instanceof StageBreached breached) {
                forward(DimensionDelta.breach(key, breached.stage(), breached.dueAt(), false), now);
            }
        }
        if (fact instanceof StageMet met) {
            log.debug("{} of {} met in {} ms, target {} ms", met.stage().wireName(), complaintId, met.elapsedMillis(), met.targetMillis());
        } else if (fact instanceof StageCorrected corrected) {
            log.info("corrected {} of {}: met at {}, breach {} withdrawn", corrected.stage().wireName(), complaintId,
                    corrected.completedAt(), corrected.correctsEventId());
        } else if (fact instanceof StageBreached) {
            log.info("breached {} of {} ({}), due {}", fact.stage().wireName(), complaintId, fact.category(), timeline.dueAt(fact.stage()));
        } else {
            log.info("{} of {} ({}) at risk, due {}", fact.stage().wireName(), complaintId, fact.category(), timeline.dueAt(fact.stage()));
        }
    }

    /** A complaint leaves a value's backlog when resolved, stopped or moved to another crew, and joins it when reported or assigned. */
    private void backlogDeltas(String complaintId, ComplaintTimeline before, ComplaintTimeline after, Instant now) {
        Map<Dimension, String> was = before != null && before.isOpen() ? before.dimensions() : Map.of();
        Map<Dimension, String> is = after != null && after.isOpen() ? after.dimensions() : Map.of();
        for (Dimension dimension : Dimension.values()) {
            String old = was.get(dimension);
            String current = is.get(dimension);
            if (Objects.equals(old, current)) {
                continue;
            }
            if (old != null) {
                forward(DimensionDelta.backlog(new DimensionKey(dimension, before.jurisdiction(), old), complaintId, before.reportedAt(), false), now);
            }
            if (current != null) {
                forward(DimensionDelta.backlog(new DimensionKey(dimension, after.jurisdiction(), current), complaintId, after.reportedAt(), true), now);
            }
        }
    }

    private void forward(DimensionDelta delta, Instant now) {
        context.forward(new Record<>(delta.key().format(), SlaOutput.aggregated(delta), now.toEpochMilli()));
    }

    private void reindex(String complaintId, ComplaintTimeline before, ComplaintTimeline after) {
        Map<SlaStage, Instant> was = before == null ? Map.of() : before.alarms();
        Map<SlaStage, Instant> is = after.alarms();
        was.forEach((stage, at) -> {
            if (!at.equals(is.get(stage))) {
                alarms.delete(new OpenStage(complaintId, stage).key(at));
            }
        });
        is.forEach((stage, at) -> {
            if (!at.equals(was.get(stage))) {
                OpenStage open = new OpenStage(complaintId, stage);
                alarms.put(open.key(at), open);
            }
        });
    }

    /**
     * Reads the index in alarm order up to now: a stage strictly past its due moment is breached (without a
     * warning, however late the monitor is); one at or past 80% of its target is warned. An entry due within the
     * current millisecond but not yet strictly past stays for the next run.
     */
    private void raiseAlarms() {
        Instant now = clock.instant();
        List<KeyValue<String, OpenStage>> ringing = new ArrayList<>();
        try (KeyValueIterator<String, OpenStage> entries = alarms.all()) {
            while (entries.hasNext()) {
                KeyValue<String, OpenStage> entry = entries.next();
                if (OpenStage.dueMillis(entry.key) > now.toEpochMilli()) {
                    break;
                }
                ringing.add(entry);
            }
        }
        for (KeyValue<String, OpenStage> entry : ringing) {
            String complaintId = entry.value.complaintId();
            SlaStage stage = entry.value.stage();
            ComplaintTimeline timeline = timelines.get(complaintId);
            SlaEvent fact;
            ComplaintTimeline next;
            if (timeline.dueAt(stage).isBefore(now)) {
                fact = timeline.breachOf(stage);
                next = timeline.breach(stage, ComplaintTimeline.factId(complaintId, StageBreached.class, stage));
            } else if (!timeline.atRisk().contains(stage)) {
                fact = timeline.atRiskOf(stage);
                next = timeline.warn(stage);
            } else {
                continue;
            }
            timelines.put(complaintId, next);
            reindex(complaintId, timeline, next);
            publish(complaintId, next, fact, now);
        }
    }
}
