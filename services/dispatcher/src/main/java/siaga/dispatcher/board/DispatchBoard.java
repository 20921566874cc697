package siaga.dispatcher.board;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.PunctuationType;
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
import siaga.contracts.GeoPoint;
import siaga.contracts.events.Candidate;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.ComplaintSplit;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.events.SupervisorAlerted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.assignment.CrewSelection;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.explain.Explanation;
import siaga.dispatcher.reference.LatestReference;
import siaga.runtime.kafka.DeadLetters;
import siaga.runtime.kafka.JsonSerde;

/**
 * The dispatch boards of the departments whose records reach this task: their crews, jobs, queues, open
 * complaints and unacknowledged jobs. Every input is keyed by its board ({@code <jurisdiction>/<department>}) and
 * one task owns a board, so no two decisions about the same crews ever race, whatever the number of instances.
 *
 * <ul>
 *   <li>A report of the same category within its category's duplicate rule (radius and window, from the newest
 *       reference data when the report is decided; {@link DispatchRules#duplicateRadiusMetres} and
 *       {@link DispatchRules#duplicateWindow} where the category sets none) of an open complaint is merged into it
 *       (ComplaintMerged, whose reason names the rule; the original counts one more reporter). Otherwise it goes to
 *       the best crew ({@link CrewSelection}), or waits in the queue (ComplaintQueued) with the reason. An
 *       operator's ComplaintSplit dispatches a merged complaint on its own.</li>
 *   <li>A crew becoming free (shift start, location report, resolution, and a slot freed by a decline, escalation
 *       or move) serves the queue: emergencies first, then priority, then the oldest report.</li>
 *   <li>A job not acknowledged within its target is escalated (checked every second on the wall clock):
 *       ComplaintEscalated, then ComplaintReassigned to the next best crew, never the same one (or queued); from
 *       the {@link DispatchRules#supervisorAfterEscalations}th escalation on, SupervisorAlerted too.</li>
 *   <li>A decline moves the job to another crew, never back to one that declined it. A crew that cannot fix it
 *       sends it to the department it names (a ComplaintQueued for that department, which the router moves to
 *       that board). A crew ending its shift hands its open jobs on.</li>
 * </ul>
 *
 * Every decision carries its candidates and {@link DispatchRules#RULE_VERSION}; the job, kept in {@value #JOBS_STORE}
 * with its latest decision, is what {@link Explanation} shows. Decisions are timed by the injected clock, so the
 * same inputs at the same clock readings give the same decisions. An event id already processed is ignored; an event the board
 * cannot place (no such job, or not this crew's) is a dead letter pointing at the record's source.
 */
public final class DispatchBoard implements Processor<String, BoardInput, String, BoardOutcome> {
    /** Per crew, keyed {@code <board>/<crewId>}: shift, last known location, open jobs. */
    public static final String CREWS_STORE = "crews-by-department";
    /** Complaints waiting for a crew, keyed in serving order: {@code <board>/<urgency>/<reported>/<complaintId>}. */
    public static final String QUEUE_STORE = "queue-by-department";
    /** Every complaint the board has decided on, keyed by complaint id. */
    public static final String JOBS_STORE = "jobs-by-complaint";
    /**
     * Open complaints by place, for duplicates: {@code <board>/<category>/<cell size, metres>/<cell>/<complaintId>}.
     * All of one board's category share one cell size, that of the category's rule when they were indexed.
     */
    public static final String OPEN_STORE = "open-complaints-by-place";
    /** Dispatched, unacknowledged jobs by due time: {@code <epoch millis, 16 digits>/<complaintId>} to the board. */
    public static final String DUE_STORE = "unacknowledged-by-due";
    /** Event ids already processed, to the epoch millis they were. */
    public static final String SEEN_STORE = "processed-event-ids";
    /** How often the wall clock is checked for overdue acknowledgements. */
    public static final Duration ESCALATION_CHECK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(DispatchBoard.class);
    /**
     * A little under the 111,195 m a degree of latitude measures on {@link GeoPoint#metresTo}'s sphere, so that a
     * cell is never narrower than the radius it is cut for.
     */
    private static final double METRES_PER_DEGREE = 111_000;

    private final ReferenceCatalog configured;
    private final DispatchRules rules;
    private final Actor actor;
    private final Clock clock;
    private ProcessorContext<String, BoardOutcome> context;
    private LatestReference reference;
    private KeyValueStore<String, CrewOnBoard> crews;
    private KeyValueStore<String, WaitingComplaint> queue;
    private KeyValueStore<String, Job> jobs;
    private KeyValueStore<String, WaitingComplaint> open;
    private KeyValueStore<String, String> due;
    private KeyValueStore<String, Long> seen;
    private Map<String, Map<String, CrewOnBoard>> crewCache;
    private Map<String, Long> cellSizes;
    private long timestamp;

    public DispatchBoard(ReferenceCatalog configured, DispatchRules rules, String service, Clock clock) {
        this.configured = configured;
        this.rules = rules;
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
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_STORE),
                Serdes.String(), new JsonSerde<>(WaitingComplaint.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE),
                Serdes.String(), Serdes.Long()));
    }

    @Override
    public void init(ProcessorContext<String, BoardOutcome> context) {
        this.context = context;
        this.reference = new LatestReference(configured, context.getStateStore(LatestReference.STORE));
        this.crews = context.getStateStore(CREWS_STORE);
        this.queue = context.getStateStore(QUEUE_STORE);
        this.jobs = context.getStateStore(JOBS_STORE);
        this.open = context.getStateStore(OPEN_STORE);
        this.due = context.getStateStore(DUE_STORE);
        this.seen = context.getStateStore(SEEN_STORE);
        this.crewCache = new HashMap<>();
        this.cellSizes = new HashMap<>();
        context.schedule(ESCALATION_CHECK, PunctuationType.WALL_CLOCK_TIME, at -> escalateOverdue());
    }

    @Override
    public void process(Record<String, BoardInput> record) {
        Event<?> event = record.value().event();
        String eventId = event.eventId().toString();
        if (seen.get(eventId) != null) {
            log.debug("ignored event {} ({}): already processed", eventId, event.type());
            return;
        }
        seen.put(eventId, clock.millis());
        timestamp = record.timestamp();
        String board = record.key();
        if (record.value().complaint() != null) {
            onMoved(board, record.value().complaint());
        } else if (event.data() instanceof ComplaintReported reported) {
            onReported(record, board, event, reported);
        } else if (event.data() instanceof ComplaintSplit split) {
            onSplit(record, board, event, split);
        } else if (event.data() instanceof ComplaintCancelled) {
            onCancelled(board, event);
        } else if (event.data() instanceof ShiftStarted started) {
            onShiftStarted(board, event, started);
        } else if (event.data() instanceof ShiftEnded ended) {
            onShiftEnded(board, event, ended);
        } else if (event.data() instanceof CrewLocationReported located) {
            onLocation(board, event, located);
        } else if (event.data() instanceof JobAcknowledged ack) {
            onAcknowledged(record, board, event, ack);
        } else if (event.data() instanceof JobResolved resolved) {
            onResolved(record, board, event, resolved);
        } else if (event.data() instanceof JobDeclined declined) {
            onDeclined(record, board, event, declined);
        } else if (event.data() instanceof JobCannotFix cannotFix) {
            onCannotFix(record, board, event, cannotFix);
        } else {
            throw new IllegalStateException("the router sends no " + event.type() + " to a board");
        }
    }

    // ---- complaints

    private void onReported(Record<String, BoardInput> record, String board, Event<?> event, ComplaintReported reported) {
        String complaintId = event.subjectId();
        if (jobs.get(complaintId) != null) {
            log.debug("ignored repeated report {} of complaint {}", event.eventId(), complaintId);
            return;
        }
        Optional<ReferenceData.Category> category = reference.get(event.jurisdiction()).findCategory(reported.category());
        if (category.isEmpty()) {
            deadLetter(record, "unknown category " + reported.category() + " in jurisdiction " + event.jurisdiction());
            return;
        }
        WaitingComplaint complaint = new WaitingComplaint(complaintId, reported.ticket(), event.jurisdiction(),
                event.correlationId(), reported.category(), reported.department(), category.get().skill(),
                reported.priority(), reported.location(), event.occurredAt(),
                category.get().targetsFor(reported.priority()).acknowledge());
        DuplicateRule rule = duplicateRule(complaint);
        Optional<Duplicate> duplicate = findDuplicate(board, complaint, rule);
        if (duplicate.isPresent()) {
            merge(board, complaint, duplicate.get(), rule);
        } else {
            place(Job.fresh(complaint, board), null, "");
        }
    }

    private record Duplicate(Job original, double metres, long ageSeconds) {
    }

    private Optional<Duplicate> findDuplicate(String board, WaitingComplaint complaint, DuplicateRule rule) {
        Duplicate best = null;
        for (String prefix : nearbyCells(board, complaint, rule)) {
            try (KeyValueIterator<String, WaitingComplaint> it = open.prefixScan(prefix, new StringSerializer())) {
                while (it.hasNext()) {
                    WaitingComplaint other = it.next().value;
                    double metres = Math.rint(other.location().metresTo(complaint.location()));
                    Duration apart = Duration.between(other.reportedAt(), complaint.reportedAt()).abs();
                    if (metres > rule.radius() || apart.compareTo(rule.window()) > 0) {
                        continue;
                    }
                    Duplicate candidate = new Duplicate(jobs.get(other.complaintId()), metres, apart.toSeconds());
                    if (best == null || metres < best.metres
                            || (metres == best.metres && other.complaintId().compareTo(best.original.complaintId()) < 0)) {
                        best = candidate;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private void merge(String board, WaitingComplaint complaint, Duplicate duplicate, DuplicateRule rule) {
        Job original = duplicate.original.withReporters(duplicate.original.reporters() + 1);
        jobs.put(original.complaintId(), original);
        String reason = limit("same category " + complaint.category() + " " + CrewSelection.distance(duplicate.metres)
                + " and " + CrewSelection.age(duplicate.ageSeconds) + " from open complaint " + original.complaint().ticket()
                + " (" + rule.source() + ": within " + CrewSelection.distance(rule.radius()) + " and "
                + CrewSelection.age(rule.window().toSeconds()) + "); it now has " + original.reporters() + " reporters");
        Event<? extends DispatchEvent> decision = decision(complaint, new ComplaintMerged(original.complaintId(),
                original.complaint().ticket(), duplicate.metres, duplicate.ageSeconds, reason, DispatchRules.RULE_VERSION));
        Job merged = Job.fresh(complaint, board).mergedInto(original.complaintId(),
                new Decision(decision.type(), decision.eventId(), decision.occurredAt(), null, original.complaintId(),
                        reason, List.of(), DispatchRules.RULE_VERSION));
        jobs.put(complaint.complaintId(), merged);
        log.info("merged {} into {} ({})", complaint.complaintId(), original.complaintId(), reason);
        emit(decision);
    }

    private void onSplit(Record<String, BoardInput> record, String board, Event<?> event, ComplaintSplit split) {
        Job job = jobs.get(event.subjectId());
        if (job == null || !board.equals(job.board())) {
            deadLetter(record, "complaint " + event.subjectId() + " has no job on board " + board);
            return;
        }
        if (job.status() != Job.Status.MERGED) {
            log.debug("ignored split {} of complaint {}: it is {}, not merged", event.eventId(), job.complaintId(), job.status());
            return;
        }
        Job original = jobs.get(job.mergedInto());
        if (original != null) {
            original = original.withReporters(Math.max(1, original.reporters() - 1));
            jobs.put(original.complaintId(), original);
        }
        Job alone = Job.fresh(job.complaint(), board);
        place(alone, null, "split off " + (original == null ? job.mergedInto() : original.complaint().ticket())
                + " by an operator; ");
    }

    private void onCancelled(String board, Event<?> event) {
        Job job = jobs.get(event.subjectId());
        if (job == null || !board.equals(job.board()) || !job.status().open()) {
            log.debug("ignored cancellation {} of complaint {}: not open on board {}", event.eventId(), event.subjectId(), board);
            return;
        }
        String crewId = job.crewId();
        release(board, job);
        forgetOpen(board, job.complaint());
        Job cancelled = job.with(Job.Status.CANCELLED, crewId, null, job.decision());
        jobs.put(cancelled.complaintId(), cancelled);
        log.info("complaint {} cancelled on board {}", cancelled.complaintId(), board);
        if (crewId != null) {
            serveQueue(board, "crew " + crewId + " was relieved of cancelled " + cancelled.complaint().ticket());
        }
    }

    private void onMoved(String board, WaitingComplaint complaint) {
        Job known = jobs.get(complaint.complaintId());
        if (known != null && board.equals(known.board()) && known.status() != Job.Status.MOVED) {
            log.debug("ignored repeated move of complaint {} to board {}", complaint.complaintId(), board);
            return;
        }
        Job moved = known == null ? Job.fresh(complaint, board) : known.movedTo(complaint, board);
        place(moved, null, "moved here from another department; ");
    }

    // ---- crews

    private void onShiftStarted(String board, Event<?> event, ShiftStarted started) {
        String key = board + "/" + started.crewId();
        CrewOnBoard crew = crew(key);
        if (crew != null && !event.occurredAt().isAfter(crew.shiftChangedAt())) {
            log.debug("ignored shift start {} of crew {}: not newer than its last shift change", event.eventId(), started.crewId());
            return;
        }
        CrewOnBoard onShift = (crew == null
                ? new CrewOnBoard(started.crewId(), true, null, null, event.occurredAt(), List.of())
                : crew.withShift(true, event.occurredAt()))
                .withLocation(started.location(), event.occurredAt());
        putCrew(key, onShift);
        log.info("crew {} on shift on board {}", started.crewId(), board);
        serveQueue(board, "crew " + started.crewId() + " started its shift");
    }

    private void onShiftEnded(String board, Event<?> event, ShiftEnded ended) {
        String key = board + "/" + ended.crewId();
        CrewOnBoard crew = crew(key);
        if (crew != null && !event.occurredAt().isAfter(crew.shiftChangedAt())) {
            log.debug("ignored shift end {} of crew {}: not newer than its last shift change", event.eventId(), ended.crewId());
            return;
        }
        CrewOnBoard offShift = crew == null
                ? new CrewOnBoard(ended.crewId(), false, null, null, event.occurredAt(), List.of())
                : crew.withShift(false, event.occurredAt());
        putCrew(key, offShift);
        log.info("crew {} off shift on board {} with {} open", ended.crewId(), board, offShift.openJobs().size());
        for (String complaintId : offShift.openJobs()) {
            Job job = jobs.get(complaintId);
            release(board, job);
            place(job, ended.crewId(), "crew " + ended.crewId() + " ended its shift with it open; ");
        }
    }

    private void onLocation(String board, Event<?> event, CrewLocationReported located) {
        String key = board + "/" + located.crewId();
        CrewOnBoard crew = crew(key);
        // a phone's clock may run ahead, and a phone that was offline sends late: the earlier of the two is the fix's age
        Instant at = event.occurredAt().isBefore(located.receivedAt()) ? event.occurredAt() : located.receivedAt();
        if (crew != null && crew.locationAt() != null && !at.isAfter(crew.locationAt())) {
            log.debug("ignored location {} of crew {}: not newer than the one it has", event.eventId(), located.crewId());
            return;
        }
        CrewOnBoard updated = (crew == null
                ? new CrewOnBoard(located.crewId(), false, null, null, Instant.EPOCH, List.of())
                : crew).withLocation(located.location(), at);
        putCrew(key, updated);
        if (updated.onShift()) {
            serveQueue(board, "crew " + located.crewId() + " reported in");
        }
    }

    // ---- field

    private void onAcknowledged(Record<String, BoardInput> record, String board, Event<?> event, JobAcknowledged ack) {
        Job job = jobs.get(event.subjectId());
        if (job != null && job.status() == Job.Status.ACKNOWLEDGED && ack.crewId().equals(job.crewId())) {
            log.debug("ignored repeated acknowledgement {} of complaint {}", event.eventId(), job.complaintId());
            return;
        }
        if (!assignedTo(record, board, job, event.subjectId(), ack.crewId(), false)) {
            return;
        }
        due.delete(dueKey(job.acknowledgeDueAt(), job.complaintId()));
        Job acknowledged = job.withStatus(Job.Status.ACKNOWLEDGED);
        jobs.put(acknowledged.complaintId(), acknowledged);
        log.info("crew {} acknowledged {}", ack.crewId(), job.complaintId());
    }

    private void onResolved(Record<String, BoardInput> record, String board, Event<?> event, JobResolved resolved) {
        Job job = jobs.get(event.subjectId());
        if (job != null && job.status() == Job.Status.RESOLVED && resolved.crewId().equals(job.crewId())) {
            log.debug("ignored repeated resolution {} of complaint {}", event.eventId(), job.complaintId());
            return;
        }
        if (!assignedTo(record, board, job, event.subjectId(), resolved.crewId(), true)) {
            return;
        }
        release(board, job);
        forgetOpen(board, job.complaint());
        Job done = job.with(Job.Status.RESOLVED, resolved.crewId(), null, job.decision());
        jobs.put(done.complaintId(), done);
        log.info("crew {} resolved {}", resolved.crewId(), done.complaintId());
        serveQueue(board, "crew " + resolved.crewId() + " resolved " + done.complaint().ticket());
    }

    private void onDeclined(Record<String, BoardInput> record, String board, Event<?> event, JobDeclined declined) {
        Job job = jobs.get(event.subjectId());
        if (!assignedTo(record, board, job, event.subjectId(), declined.crewId(), true)) {
            return;
        }
        release(board, job);
        log.info("crew {} declined {} ({})", declined.crewId(), job.complaintId(), declined.reason());
        place(job.excluding(declined.crewId()), declined.crewId(),
                "crew " + declined.crewId() + " declined it (" + declined.reason() + "); ");
        serveQueue(board, "crew " + declined.crewId() + " declined " + job.complaint().ticket());
    }

    private void onCannotFix(Record<String, BoardInput> record, String board, Event<?> event, JobCannotFix cannotFix) {
        Job job = jobs.get(event.subjectId());
        if (!assignedTo(record, board, job, event.subjectId(), cannotFix.crewId(), true)) {
            return;
        }
        release(board, job);
        forgetOpen(board, job.complaint());
        String needed = cannotFix.neededDepartment();
        String reason = limit("crew " + cannotFix.crewId() + " cannot fix it, " + needed + " is needed (" + cannotFix.reason()
                + "); moved to the " + needed + " board");
        Event<? extends DispatchEvent> decision = decision(job.complaint(),
                new ComplaintQueued(needed, reason, List.of(), DispatchRules.RULE_VERSION));
        Job moved = job.with(Job.Status.MOVED, null, null, decisionOf(decision, null, reason, List.of()));
        jobs.put(moved.complaintId(), moved);
        log.info("complaint {} moves from board {} to {}", moved.complaintId(), board, needed);
        emit(decision);
        serveQueue(board, "crew " + cannotFix.crewId() + " handed " + job.complaint().ticket() + " to " + needed);
    }

    /** Whether {@code job} is on this board and assigned to {@code crewId}; dead-letters the record when not. */
    private boolean assignedTo(Record<String, BoardInput> record, String board, Job job, String complaintId, String crewId,
                               boolean acknowledgedToo) {
        if (job == null || !board.equals(job.board())) {
            deadLetter(record, "complaint " + complaintId + " has no job on board " + board);
            return false;
        }
        boolean working = job.status() == Job.Status.DISPATCHED || (acknowledgedToo && job.status() == Job.Status.ACKNOWLEDGED);
        if (!working || !crewId.equals(job.crewId())) {
            deadLetter(record, "complaint " + complaintId + " is " + job.status().name().toLowerCase(Locale.ROOT)
                    + (job.crewId() == null ? "" : " with crew " + job.crewId()) + ", not assigned to crew " + crewId
                    + (working || job.status() != Job.Status.ACKNOWLEDGED ? "" : " awaiting acknowledgement"));
            return false;
        }
        return true;
    }

    // ---- escalation

    private void escalateOverdue() {
        Instant now = clock.instant();
        timestamp = now.toEpochMilli();
        List<KeyValue<String, String>> overdue = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(null, sixteenDigits(now.toEpochMilli()) + "/\uffff")) {
            it.forEachRemaining(overdue::add);
        }
        for (KeyValue<String, String> entry : overdue) {
            due.delete(entry.key);
            String complaintId = entry.key.substring(entry.key.indexOf('/') + 1);
            Job job = jobs.get(complaintId);
            if (job == null || job.status() != Job.Status.DISPATCHED || !entry.value.equals(job.board())
                    || !entry.key.equals(dueKey(job.acknowledgeDueAt(), complaintId))) {
                continue;
            }
            escalate(job.board(), job, now);
        }
    }

    private void escalate(String board, Job job, Instant now) {
        String crewId = job.crewId();
        Job escalated = job.escalated();
        String late = "crew " + crewId + " did not acknowledge within " + CrewSelection.age(job.complaint().acknowledgeWithin().toSeconds())
                + " (due " + job.acknowledgeDueAt() + ")";
        log.info("escalating {} ({}), escalation {}", job.complaintId(), late, escalated.escalations());
        emit(decision(job.complaint(), new ComplaintEscalated(crewId, job.complaint().department(), escalated.escalations(),
                late + "; escalation " + escalated.escalations())));
        release(board, escalated);
        place(escalated.excluding(crewId), crewId, late + "; ");
        if (escalated.escalations() >= rules.supervisorAfterEscalations()) {
            emit(decision(job.complaint(), new SupervisorAlerted(job.complaint().department(), escalated.escalations(),
                    limit("complaint " + job.complaint().ticket() + " escalated " + escalated.escalations()
                            + " times; last: " + late))));
        }
        serveQueue(board, "crew " + crewId + " was relieved of " + job.complaint().ticket());
    }

    // ---- placing a complaint

    /**
     * Gives {@code job} to the best crew, or queues it. {@code fromCrew} is the crew it leaves (null for a first
     * dispatch); {@code why} (empty, or ending in "; ") prefixes the reason.
     */
    private void place(Job job, String fromCrew, String why) {
        String board = job.board();
        Instant now = clock.instant();
        CrewSelection.Selection selection = select(board, job, now);
        WaitingComplaint complaint = job.complaint();
        if (selection.chosen().isPresent()) {
            assign(job, fromCrew, selection.chosen().get(), selection.candidates(), limit(why + selection.reason()), now);
            return;
        }
        String reason = limit(why + selection.reason());
        Event<? extends DispatchEvent> decision = decision(complaint,
                new ComplaintQueued(complaint.department(), reason, selection.candidates(), DispatchRules.RULE_VERSION));
        queue.put(queueKey(board, complaint), complaint);
        remember(board, complaint);
        Job queued = job.with(Job.Status.QUEUED, null, null, decisionOf(decision, null, reason, selection.candidates()));
        jobs.put(queued.complaintId(), queued);
        log.info("queued {}: {}", complaint.complaintId(), reason);
        emit(decision);
    }

    private void assign(Job job, String fromCrew, Candidate chosen, List<Candidate> candidates, String reason, Instant now) {
        String board = job.board();
        WaitingComplaint complaint = job.complaint();
        String key = board + "/" + chosen.crewId();
        putCrew(key, crew(key).withJob(complaint.complaintId()));
        queue.delete(queueKey(board, complaint));
        remember(board, complaint);
        DispatchEvent payload = fromCrew == null
                ? new ComplaintDispatched(chosen.crewId(), complaint.department(), chosen.distanceMetres(), chosen.activeJobs(),
                        reason, candidates, DispatchRules.RULE_VERSION)
                : new ComplaintReassigned(fromCrew, chosen.crewId(), complaint.department(), chosen.distanceMetres(),
                        chosen.activeJobs(), reason, candidates, DispatchRules.RULE_VERSION);
        Event<? extends DispatchEvent> decision = decision(complaint, payload);
        Instant dueAt = now.plus(complaint.acknowledgeWithin());
        due.put(dueKey(dueAt, complaint.complaintId()), board);
        Job dispatched = job.with(Job.Status.DISPATCHED, chosen.crewId(), dueAt, decisionOf(decision, chosen.crewId(), reason, candidates));
        jobs.put(dispatched.complaintId(), dispatched);
        log.info("{} {} to crew {} ({})", fromCrew == null ? "dispatched" : "reassigned", complaint.complaintId(), chosen.crewId(), reason);
        emit(decision);
    }

    /**
     * Dispatches every waiting complaint that now has a crew: emergencies first, then priority, then oldest. The
     * queue's keys sort in that order, so serving reads only as far as crews have room, not the whole queue.
     */
    private void serveQueue(String board, String trigger) {
        Instant now = clock.instant();
        // RocksDB iterators read a snapshot: taking complaints out of the queue while walking it is safe
        try (KeyValueIterator<String, WaitingComplaint> it = queue.prefixScan(board + "/", new StringSerializer())) {
            int room = freeSlots(board);
            while (room > 0 && it.hasNext()) {
                Job job = jobs.get(it.next().value.complaintId());
                CrewSelection.Selection selection = select(board, job, now);
                if (selection.chosen().isPresent()) {
                    assign(job, null, selection.chosen().get(), selection.candidates(),
                            limit(selection.reason() + "; queued until " + trigger), now);
                    // the chosen crew was on shift with room, so exactly one slot less
                    room--;
                }
            }
        }
    }

    /** {@code <board>/<0 emergency, 1 not><priority>/<reported, epoch millis>/<complaintId>}: the serving order. */
    private static String queueKey(String board, WaitingComplaint complaint) {
        return board + "/" + (DispatchRules.emergency(complaint.category(), complaint.priority()) ? 0 : 1) + complaint.priority()
                + "/" + sixteenDigits(complaint.reportedAt().toEpochMilli()) + "/" + complaint.complaintId();
    }

    /** Epoch millis zero-padded to 16 digits, so that keys sort in time order (until the year 318857). */
    private static String sixteenDigits(long epochMillis) {
        String digits = Long.toString(epochMillis);
        return digits.length() >= 16 ? digits : "0".repeat(16 - digits.length()) + digits;
    }

    private CrewSelection.Selection select(String board, Job job, Instant now) {
        WaitingComplaint complaint = job.complaint();
        List<ReferenceData.Crew> department = reference.departmentCrews(complaint.jurisdiction(), complaint.department());
        Map<String, CrewOnBoard> known = crewsOn(board);
        CrewSelection.Need need = new CrewSelection.Need(complaint.department(), complaint.skill(), complaint.location(),
                new HashSet<>(job.excludedCrews()));
        return CrewSelection.choose(need, department, known, rules, now);
    }

    /**
     * The crews of a board by crew id, read from the store once per board and then kept in step with it: a
     * decision looks at every crew of the department, and reading them all from the store for each one would
     * cost more than deciding. Rebuilt whenever the task is (re)initialised, so it never outlives the store's
     * state (a task whose transaction aborts is closed and initialised again from its changelog).
     */
    private Map<String, CrewOnBoard> crewsOn(String board) {
        return crewCache.computeIfAbsent(board, b -> {
            Map<String, CrewOnBoard> known = new HashMap<>();
            try (KeyValueIterator<String, CrewOnBoard> it = crews.prefixScan(b + "/", new StringSerializer())) {
                it.forEachRemaining(kv -> known.put(kv.value.crewId(), kv.value));
            }
            return known;
        });
    }

    private CrewOnBoard crew(String key) {
        int slash = key.lastIndexOf('/');
        return crewsOn(key.substring(0, slash)).get(key.substring(slash + 1));
    }

    private void putCrew(String key, CrewOnBoard crew) {
        crews.put(key, crew);
        crewsOn(key.substring(0, key.lastIndexOf('/'))).put(crew.crewId(), crew);
    }

    /** How many more jobs the board's crews on shift can take: none, and the queue cannot move. */
    private int freeSlots(String board) {
        int free = 0;
        for (CrewOnBoard crew : crewsOn(board).values()) {
            if (crew.onShift()) {
                free += Math.max(0, rules.maxJobsPerCrew() - crew.openJobs().size());
            }
        }
        return free;
    }

    /** Takes the job off its crew and out of the acknowledgement index; the job itself is the caller's to update. */
    private void release(String board, Job job) {
        if (job.acknowledgeDueAt() != null) {
            due.delete(dueKey(job.acknowledgeDueAt(), job.complaintId()));
        }
        if (job.crewId() != null && (job.status() == Job.Status.DISPATCHED || job.status() == Job.Status.ACKNOWLEDGED)) {
            String key = board + "/" + job.crewId();
            CrewOnBoard crew = crew(key);
            if (crew != null) {
                putCrew(key, crew.withoutJob(job.complaintId()));
            }
        }
        if (job.status() == Job.Status.QUEUED) {
            queue.delete(queueKey(board, job.complaint()));
        }
    }

    // ---- open complaints by place

    /** A duplicate rule and where it comes from, as a merge's reason names it. */
    private record DuplicateRule(double radius, Duration window, String source) {
        /** The side of a grid cell: every complaint within the radius is in the same or a neighbouring cell. */
        long cellMetres() {
            // + 1: distances are compared rounded to the metre, so one just over the radius may still match
            return (long) Math.ceil(radius) + 1;
        }
    }

    /**
     * The rule for {@code complaint}'s category in the newest reference data; the dispatcher's configured default
     * where the category sets none (or is no longer in the reference data).
     */
    private DuplicateRule duplicateRule(WaitingComplaint complaint) {
        Optional<ReferenceData.DuplicateRule> own = reference.find(complaint.jurisdiction())
                .flatMap(data -> data.findCategory(complaint.category()))
                .map(ReferenceData.Category::duplicate);
        return own.map(r -> new DuplicateRule(r.radiusMetres(), r.window(), complaint.category() + "'s rule"))
                .orElseGet(() -> new DuplicateRule(rules.duplicateRadiusMetres(), rules.duplicateWindow(), "the default rule"));
    }

    private void remember(String board, WaitingComplaint complaint) {
        long cell = indexFor(board, complaint.category(), duplicateRule(complaint).cellMetres());
        open.put(openKey(board, complaint.category(), cell, complaint), complaint);
    }

    private void forgetOpen(String board, WaitingComplaint complaint) {
        long cell = indexFor(board, complaint.category(), duplicateRule(complaint).cellMetres());
        open.delete(openKey(board, complaint.category(), cell, complaint));
    }

    /**
     * The cell size the board's open complaints of {@code category} are indexed under, 0 when there are none, -1
     * for keys written before cells had sizes ({@code <board>/<category>/<cell>/<complaintId>}, one global radius):
     * read from the first key once per task and then kept in step with the store, like {@link #crewsOn}.
     */
    private long indexedCellMetres(String board, String category) {
        return cellSizes.computeIfAbsent(board + "/" + category + "/", prefix -> {
            try (KeyValueIterator<String, WaitingComplaint> it = open.prefixScan(prefix, new StringSerializer())) {
                if (!it.hasNext()) {
                    return 0L;
                }
                String key = it.next().key;
                String size = key.substring(prefix.length(), key.indexOf('/', prefix.length()));
                return size.contains(":") ? -1L : Long.parseLong(size);
            }
        });
    }

    /**
     * Makes sure the board's open complaints of {@code category} are indexed in cells of {@code cellMetres}, and
     * returns it. When the category's rule changed on the {@code reference} topic since they were indexed, they are
     * indexed again in the new rule's cells: a grid cut for a smaller radius would miss duplicates in the cells
     * beyond its neighbours, and one cut for a larger radius would be searched in the wrong cells.
     */
    private long indexFor(String board, String category, long cellMetres) {
        long indexed = indexedCellMetres(board, category);
        if (indexed != 0 && indexed != cellMetres) {
            List<KeyValue<String, WaitingComplaint>> entries = new ArrayList<>();
            try (KeyValueIterator<String, WaitingComplaint> it = open.prefixScan(board + "/" + category + "/", new StringSerializer())) {
                it.forEachRemaining(entries::add);
            }
            for (KeyValue<String, WaitingComplaint> entry : entries) {
                open.delete(entry.key);
                open.put(openKey(board, category, cellMetres, entry.value), entry.value);
            }
            log.info("re-indexed {} open {} complaints of board {} in {} m cells, were {}", entries.size(), category, board,
                    cellMetres, indexed < 0 ? "cells of the one global radius" : indexed + " m cells");
        }
        cellSizes.put(board + "/" + category + "/", cellMetres);
        return cellMetres;
    }

    private static String openKey(String board, String category, long cellMetres, WaitingComplaint complaint) {
        return board + "/" + category + "/" + cellMetres + "/" + cell(complaint.location().lat(), cellMetres) + ":"
                + cell(complaint.location().lon(), cellMetres) + "/" + complaint.complaintId();
    }

    /**
     * The prefixes of the cells around {@code complaint} that can hold a complaint within the rule's radius: one
     * cell either way north-south, and east-west as many as a degree of longitude is shorter there (two at Madiun's
     * latitude). Indexes the category for the rule first, should the rule have changed.
     */
    private List<String> nearbyCells(String board, WaitingComplaint complaint, DuplicateRule rule) {
        long cellMetres = indexFor(board, complaint.category(), rule.cellMetres());
        GeoPoint at = complaint.location();
        long lat = cell(at.lat(), cellMetres);
        long lon = cell(at.lon(), cellMetres);
        double cos = Math.max(0.01, Math.cos(Math.toRadians(Math.min(89, Math.abs(at.lat()) + cellMetres / METRES_PER_DEGREE))));
        long reach = (long) Math.ceil(1 / cos);
        List<String> prefixes = new ArrayList<>();
        for (long dLat = -1; dLat <= 1; dLat++) {
            for (long dLon = -reach; dLon <= reach; dLon++) {
                prefixes.add(board + "/" + complaint.category() + "/" + cellMetres + "/" + (lat + dLat) + ":" + (lon + dLon) + "/");
            }
        }
        return prefixes;
    }

    private static long cell(double degrees, long cellMetres) {
        return (long) Math.floor(degrees * METRES_PER_DEGREE / cellMetres);
    }

    // ---- output

    private static String dueKey(Instant dueAt, String complaintId) {
        return sixteenDigits(dueAt.toEpochMilli()) + "/" + complaintId;
    }

    private static String limit(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 497) + "...";
    }

    private static Decision decisionOf(Event<? extends DispatchEvent> event, String crewId, String reason, List<Candidate> candidates) {
        return new Decision(event.type(), event.eventId(), event.occurredAt(), crewId, null, reason, candidates,
                DispatchRules.RULE_VERSION);
    }

    /** The decision as an event about the complaint: same jurisdiction, subject and correlation as its report. */
    private Event<? extends DispatchEvent> decision(WaitingComplaint complaint, DispatchEvent payload) {
        return Event.of(payload, complaint.jurisdiction(), complaint.complaintId(), actor, complaint.correlationId(), clock.instant());
    }

    private void emit(Event<? extends DispatchEvent> decision) {
        context.forward(new Record<>(decision.subjectId(), BoardOutcome.decided(decision), timestamp));
    }

    private void deadLetter(Record<String, BoardInput> record, String reason) {
        BoardInput.Source source = record.value().source();
        Event<?> event = record.value().event();
        log.warn("dead-lettered {}-{}@{} key {} event {}: {}", source.topic(), source.partition(), source.offset(),
                event.subjectId(), event.eventId(), reason);
        context.forward(new Record<>(event.subjectId(), BoardOutcome.failed(DeadLetters.of(source.topic(),
                source.partition(), source.offset(), event.subjectId(), EventCodec.encode(event), reason,
                actor.id(), clock.instant())), record.timestamp()));
    }
}
