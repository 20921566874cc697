package siaga.dispatcher.board;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.assignment.Assignment;
import siaga.dispatcher.assignment.Candidate;
import siaga.dispatcher.assignment.CrewSelection;
import siaga.runtime.kafka.DeadLetters;
import siaga.runtime.kafka.JsonSerde;

/**
 * The dispatch boards of the departments whose records reach this task: their crews, their open jobs and their
 * queues. Every input is keyed by its board ({@code <jurisdiction>/<department>}) and one task owns a board, so
 * no two decisions about the same crews ever race, whatever the number of instances.
 *
 * <ul>
 *   <li>A complaint goes to the best on-shift crew of its department with its category's skill
 *       ({@link CrewSelection}); with none, it is queued and the reason says why.</li>
 *   <li>A crew starting its shift, or resolving a job, serves the queue: most urgent first, then oldest.</li>
 *   <li>A crew ending its shift stops being a candidate. Its open jobs stay with it: re-assigning them, like
 *       escalation, merging duplicates and a ceiling on load, is later work.</li>
 * </ul>
 *
 * Repeated input is recognised by state, not acted on twice: a complaint the board already knows, a shift event
 * no newer than the crew's last shift change, a resolution of a job already resolved. A resolution the board
 * cannot place (no such job, or not this crew's) is a dead letter pointing at the record's source.
 */
public final class DispatchBoard implements Processor<String, BoardInput, String, BoardOutcome> {
    /** Per crew, keyed {@code <board>/<crewId>}: shift, last known location, open jobs. */
    public static final String CREWS_STORE = "crews-by-department";
    /** Complaints waiting for a crew, keyed {@code <board>/<complaintId>}. */
    public static final String QUEUE_STORE = "queue-by-department";
    /** Every complaint the board has decided on, keyed by complaint id. */
    public static final String JOBS_STORE = "jobs-by-complaint";

    private static final Logger log = LoggerFactory.getLogger(DispatchBoard.class);
    private static final Comparator<WaitingComplaint> QUEUE_ORDER = Comparator.comparingInt(WaitingComplaint::priority)
            .thenComparing(WaitingComplaint::reportedAt)
            .thenComparing(WaitingComplaint::complaintId);

    private final ReferenceCatalog reference;
    private final Actor actor;
    private final Clock clock;
    private ProcessorContext<String, BoardOutcome> context;
    private KeyValueStore<String, CrewOnBoard> crews;
    private KeyValueStore<String, WaitingComplaint> queue;
    private KeyValueStore<String, Job> jobs;

    public DispatchBoard(ReferenceCatalog reference, String service, Clock clock) {
        this.reference = reference;
        this.actor = Actor.system(service);
        this.clock = clock;
    }

    /** Adds the board's stores (persistent, changelogged) to a topology. */
    public static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CREWS_STORE),
                Serdes.String(), new JsonSerde<>(CrewOnBoard.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QUEUE_STORE),
                Serdes.String(), new JsonSerde<>(WaitingComplaint.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_STORE),
                Serdes.String(), new JsonSerde<>(Job.class)));
    }

    @Override
    public void init(ProcessorContext<String, BoardOutcome> context) {
        this.context = context;
        this.crews = context.getStateStore(CREWS_STORE);
        this.queue = context.getStateStore(QUEUE_STORE);
        this.jobs = context.getStateStore(JOBS_STORE);
    }

    @Override
    public void process(Record<String, BoardInput> record) {
        Event<?> event = record.value().event();
        if (event.data() instanceof ComplaintReported reported) {
            onReported(record, event, reported);
        } else if (event.data() instanceof ShiftStarted started) {
            onShiftStarted(record, event, started);
        } else if (event.data() instanceof ShiftEnded ended) {
            onShiftEnded(record, event, ended);
        } else if (event.data() instanceof JobResolved resolved) {
            onResolved(record, event, resolved);
        } else {
            throw new IllegalStateException("the router sends no " + event.type() + " to a board");
        }
    }

    private void onReported(Record<String, BoardInput> record, Event<?> event, ComplaintReported reported) {
        String complaintId = event.subjectId();
        if (jobs.get(complaintId) != null) {
            log.debug("ignored repeated report {} of complaint {}", event.eventId(), complaintId);
            return;
        }
        String skill = reference.get(event.jurisdiction()).getCategory(reported.category()).skill();
        WaitingComplaint complaint = new WaitingComplaint(complaintId, event.jurisdiction(), event.correlationId(),
                reported.category(), reported.department(), skill, reported.priority(), reported.location(),
                event.occurredAt());
        Optional<Assignment> assignment = assign(record.key(), complaint);
        if (assignment.isPresent()) {
            dispatch(record, complaint, assignment.get(), assignment.get().reason());
            return;
        }
        String reason = whyNoCrew(complaint);
        queue.put(record.key() + "/" + complaintId, complaint);
        jobs.put(complaintId, new Job(complaintId, record.key(), Job.Status.QUEUED, null));
        log.info("queued {}: {}", complaintId, reason);
        emit(record, decision(complaint, new ComplaintQueued(complaint.department(), reason)));
    }

    private void onShiftStarted(Record<String, BoardInput> record, Event<?> event, ShiftStarted started) {
        String key = record.key() + "/" + started.crewId();
        CrewOnBoard crew = crews.get(key);
        if (crew != null && !event.occurredAt().isAfter(crew.shiftChangedAt())) {
            log.debug("ignored shift start {} of crew {}: not newer than its last shift change", event.eventId(), started.crewId());
            return;
        }
        CrewOnBoard onShift = crew == null
                ? new CrewOnBoard(started.crewId(), true, started.location(), event.occurredAt(), List.of())
                : crew.withShift(true, started.location(), event.occurredAt());
        crews.put(key, onShift);
        log.info("crew {} on shift on board {}", started.crewId(), record.key());
        serveQueue(record, "crew " + started.crewId() + " started its shift");
    }

    private void onShiftEnded(Record<String, BoardInput> record, Event<?> event, ShiftEnded ended) {
        String key = record.key() + "/" + ended.crewId();
        CrewOnBoard crew = crews.get(key);
        if (crew != null && !event.occurredAt().isAfter(crew.shiftChangedAt())) {
            log.debug("ignored shift end {} of crew {}: not newer than its last shift change", event.eventId(), ended.crewId());
            return;
        }
        CrewOnBoard offShift = crew == null
                ? new CrewOnBoard(ended.crewId(), false,
                        reference.get(event.jurisdiction()).getCrew(ended.crewId()).depot(), event.occurredAt(), List.of())
                : crew.withShift(false, crew.location(), event.occurredAt());
        crews.put(key, offShift);
        log.info("crew {} off shift on board {} with {} open", ended.crewId(), record.key(),
                offShift.openJobs().size() == 1 ? "1 job" : offShift.openJobs().size() + " jobs");
    }

    private void onResolved(Record<String, BoardInput> record, Event<?> event, JobResolved resolved) {
        String complaintId = event.subjectId();
        String crewId = resolved.crewId();
        Job job = jobs.get(complaintId);
        if (job != null && job.status() == Job.Status.RESOLVED && crewId.equals(job.crewId())) {
            log.debug("ignored repeated resolution {} of complaint {}", event.eventId(), complaintId);
            return;
        }
        if (job == null || !record.key().equals(job.board())) {
            deadLetter(record, "complaint " + complaintId + " has no job on board " + record.key());
            return;
        }
        if (job.status() != Job.Status.DISPATCHED || !crewId.equals(job.crewId())) {
            deadLetter(record, "complaint " + complaintId + switch (job.status()) {
                case QUEUED -> " is queued, not assigned to crew " + crewId;
                case DISPATCHED -> " is assigned to crew " + job.crewId() + ", not " + crewId;
                case RESOLVED -> " was resolved by crew " + job.crewId() + ", not " + crewId;
            });
            return;
        }
        String key = record.key() + "/" + crewId;
        crews.put(key, crews.get(key).withoutJob(complaintId));
        jobs.put(complaintId, new Job(complaintId, job.board(), Job.Status.RESOLVED, crewId));
        log.info("crew {} resolved {}", crewId, complaintId);
        serveQueue(record, "crew " + crewId + " resolved " + complaintId);
    }

    /** Dispatches every waiting complaint that now has a candidate, most urgent first, then oldest. */
    private void serveQueue(Record<String, BoardInput> record, String trigger) {
        List<WaitingComplaint> waiting = new ArrayList<>();
        try (KeyValueIterator<String, WaitingComplaint> it = queue.prefixScan(record.key() + "/", new StringSerializer())) {
            it.forEachRemaining(kv -> waiting.add(kv.value));
        }
        waiting.sort(QUEUE_ORDER);
        for (WaitingComplaint complaint : waiting) {
            Optional<Assignment> assignment = assign(record.key(), complaint);
            if (assignment.isPresent()) {
                queue.delete(record.key() + "/" + complaint.complaintId());
                dispatch(record, complaint, assignment.get(), assignment.get().reason() + "; queued until " + trigger);
            }
        }
    }

    private Optional<Assignment> assign(String board, WaitingComplaint complaint) {
        ReferenceData data = reference.get(complaint.jurisdiction());
        List<Candidate> candidates = new ArrayList<>();
        try (KeyValueIterator<String, CrewOnBoard> it = crews.prefixScan(board + "/", new StringSerializer())) {
            while (it.hasNext()) {
                CrewOnBoard crew = it.next().value;
                boolean skilled = data.findCrew(crew.crewId()).map(c -> c.skills().contains(complaint.skill())).orElse(false);
                if (crew.onShift() && skilled) {
                    // whole metres: the haversine is good to a few metres, and a tie at that scale goes to crew id
                    double metres = Math.rint(crew.location().metresTo(complaint.location()));
                    candidates.add(new Candidate(crew.crewId(), crew.openJobs().size(), metres));
                }
            }
        }
        return CrewSelection.choose(complaint.skill(), candidates);
    }

    private void dispatch(Record<String, BoardInput> record, WaitingComplaint complaint, Assignment assignment, String reason) {
        String key = record.key() + "/" + assignment.crewId();
        crews.put(key, crews.get(key).withJob(complaint.complaintId()));
        jobs.put(complaint.complaintId(), new Job(complaint.complaintId(), record.key(), Job.Status.DISPATCHED, assignment.crewId()));
        log.info("dispatched {} to crew {} ({})", complaint.complaintId(), assignment.crewId(), reason);
        emit(record, decision(complaint, new ComplaintDispatched(assignment.crewId(), complaint.department(),
                assignment.distanceMetres(), assignment.openJobs(), reason)));
    }

    private String whyNoCrew(WaitingComplaint complaint) {
        long skilled = reference.get(complaint.jurisdiction()).crews().stream()
                .filter(c -> c.department().equals(complaint.department()) && c.skills().contains(complaint.skill()))
                .count();
        String department = complaint.department();
        if (skilled == 0) {
            return "no crew of " + department + " has the skill " + complaint.skill();
        }
        return skilled == 1
                ? "the one " + department + " crew with " + complaint.skill() + " is not on shift"
                : "none of the " + skilled + " " + department + " crews with " + complaint.skill() + " is on shift";
    }

    /** The decision as an event caused by the report: same jurisdiction, subject and correlation. */
    private Event<? extends DispatchEvent> decision(WaitingComplaint complaint, DispatchEvent payload) {
        return Event.of(payload, complaint.jurisdiction(), complaint.complaintId(), actor, complaint.correlationId(), clock.instant());
    }

    private void emit(Record<String, BoardInput> record, Event<? extends DispatchEvent> decision) {
        context.forward(new Record<>(decision.subjectId(), new BoardOutcome(decision, null), record.timestamp()));
    }

    private void deadLetter(Record<String, BoardInput> record, String reason) {
        BoardInput.Source source = record.value().source();
        Event<?> event = record.value().event();
        log.warn("dead-lettered {}-{}@{} key {} event {}: {}", source.topic(), source.partition(), source.offset(),
                event.subjectId(), event.eventId(), reason);
        context.forward(new Record<>(event.subjectId(), new BoardOutcome(null, DeadLetters.of(source.topic(),
                source.partition(), source.offset(), event.subjectId(), EventCodec.encode(event), reason,
                actor.id(), clock.instant())), record.timestamp()));
    }
}
