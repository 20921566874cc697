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
 * for open stages past 80% of their target and StageBreached for those strictly past their due moment. Every
 * fact, and every change to a complaint's place in a backlog, also goes out as a {@link DimensionDelta} per
 * dimension value, for {@link SlaAggregateProcessor}.
 *
 * <p>Past which moment the alarms ring depends on whether the task is live or catching up. Live, the moment is
 * now on {@code clock}, so a stage still open is breached within a second of its due moment, records arriving
 * or not. A task catching up (a reset to the earliest offset, a new instance, a long outage) reads records far
 * older than the clock; by the wall clock every stage open between two records of its complaint would look
 * breached, and most would be corrected when their completion is read. So while catching up the moment is the
 * task's stream time: the newest record time it has read (kept by the processor from its records rather than
 * taken from Kafka's task stream time, which in {@code TopologyTestDriver} also counts the records of the
 * repartition to the aggregates, stamped with the wall clock). The record time is when a service wrote the event
 * (unlike a field event's {@code occurredAt}, the device's time), and Streams reads a task's partitions in
 * record-time order, so a stage due before the stream time was not completed in time, or the stream would have
 * said so. A task is catching up while its stream time is more than {@link CatchUp#lag} behind the clock and it
 * is not idle: it is idle once it has read nothing for {@link CatchUp#idle}, and, if it was catching up, its
 * alarms ran every second of it (a thread stalled in a commit in the middle of a backlog runs no alarms, and
 * must not take its own stall for the end of the backlog). An idle task has read everything there is and goes
 * by the wall clock again. Live, records are written moments before they are
 * read, so the idle wait never holds a breach back; it does when a backlog has just been read, and after a
 * restart, which counts as a read so that the first alarms do not run before the first records of a backlog
 * (the stream time starts from the partition time Kafka keeps with the committed offsets, so a monitor
 * restarted while records flow is live at once).
 *
 * <p>Worked example, lag 1 min, idle 10 s. The monitor is reset at 12:00:00Z and replays from the earliest
 * offset. At 12:00:05Z a task has just read a record written at 08:20:00Z: its stream time is 3 h 40 min
 * behind, so it is catching up. A fallen tree (targets 5 min, 15 min, 4 h) reported at 08:00:00Z and dispatched
 * at 08:03:00Z, not acknowledged, is due at 08:15:00Z, before 08:20:00Z: breached now, as it would have been
 * live at 08:15:01Z. Another, reported at 08:10:00Z, is due at 08:25:00Z and at risk from 08:22:00Z; it is long
 * overdue by the wall clock, but the stream has not reached either moment, so it is left alone, and its
 * acknowledgement written at 08:21:30Z is met within target: no breach, no correction. Had it come at 08:40:00Z,
 * the stream would have passed 08:22:00Z and 08:25:00Z first: at risk, then breached, then met outside its
 * target; or, had no alarm run in between, breached and met when the acknowledgement is read. By 12:03:10Z the
 * task reads records written at 12:02:40Z, 30 s behind: live again, and a stage due at 12:03:30Z and still
 * open is breached by 12:03:31Z. Had the backlog ended at 11:50:00Z with nothing written since, the task would
 * go by the wall clock from 10 s after its last read. Facts keep their derived ids whichever way they are
 * reached.
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
    private final CatchUp catchUp;
    private ProcessorContext<String, SlaOutput> context;
    private KeyValueStore<String, ComplaintTimeline> timelines;
    private KeyValueStore<String, OpenStage> alarms;
    /** On {@code clock}, when this task last read a record, or started. */
    private Instant lastReadAt;
    /** Alarm runs since then: a thread stalled (in a commit, say) runs none, so a stall is not taken for idleness. */
    private long runsSinceRead;
    /** The newest record time this task has read; null while unknown. */
    private Instant streamTime;
    private boolean catchingUp;

    SlaTimelineProcessor(ReferenceCatalog reference, Clock clock, CatchUp catchUp) {
        this.reference = reference;
        this.clock = clock;
        this.catchUp = catchUp;
    }

    @Override
    public void init(ProcessorContext<String, SlaOutput> context) {
        this.context = context;
        this.timelines = context.getStateStore(SlaTopology.TIMELINE_STORE);
        this.alarms = context.getStateStore(SlaTopology.OPEN_STAGES_STORE);
        this.lastReadAt = clock.instant();
        long restored = context.currentStreamTimeMs();
        this.streamTime = restored < 0 ? null : Instant.ofEpochMilli(restored);
        context.schedule(BREACH_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, timestamp -> raiseAlarms());
    }

    @Override
    public void process(Record<String, Event<?>> record) {
        lastReadAt = clock.instant();
        runsSinceRead = 0;
        Instant recordTime = Instant.ofEpochMilli(record.timestamp());
        if (streamTime == null || recordTime.isAfter(streamTime)) {
            streamTime = recordTime;
        }
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
     * Reads the index in alarm order up to the alarm moment ({@link #alarmMoment}): a stage strictly past its
     * due moment is breached (without a warning, however late the monitor is); one at or past 80% of its target
     * is warned. An entry due within the moment's millisecond but not yet strictly past stays for the next run.
     */
    private void raiseAlarms() {
        Instant now = clock.instant();
        Instant moment = alarmMoment(now);
        List<KeyValue<String, OpenStage>> ringing = new ArrayList<>();
        try (KeyValueIterator<String, OpenStage> entries = alarms.all()) {
            while (entries.hasNext()) {
                KeyValue<String, OpenStage> entry = entries.next();
                if (OpenStage.dueMillis(entry.key) > moment.toEpochMilli()) {
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
            if (timeline.dueAt(stage).isBefore(moment)) {
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

    /**
     * The moment up to which open stages are warned and breached: {@code now} when live, the stream time while
     * catching up (the epoch before the first record, when the stream time is unknown: nothing is past it).
     */
    private Instant alarmMoment(Instant now) {
        Instant stream = streamTime == null ? Instant.EPOCH : streamTime;
        runsSinceRead++;
        boolean quiet = Duration.between(lastReadAt, now).compareTo(catchUp.idle()) >= 0;
        boolean idle = quiet && (!catchingUp || runsSinceRead >= catchUp.idle().toMillis() / BREACH_CHECK_INTERVAL.toMillis());
        boolean behind = stream.isBefore(now.minus(catchUp.lag()));
        boolean wasCatchingUp = catchingUp;
        catchingUp = behind && !idle;
        if (catchingUp && !wasCatchingUp) {
            log.info("task {} catching up, alarms by stream time: stream time {}, clock {}", context.taskId(), stream, now);
        } else if (!catchingUp && wasCatchingUp) {
            log.info("task {} caught up, alarms by the wall clock: stream time {}, last record read at {}", context.taskId(),
                    stream, lastReadAt);
        }
        return catchingUp ? stream : now;
    }
}
