package siaga.dispatcher.board;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Json;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.ComplaintSplit;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.reference.LatestReference;
import siaga.runtime.kafka.DeadLetters;
import siaga.runtime.kafka.JsonSerde;

/**
 * Sends every event that touches a dispatch board to that board, keyed {@code <jurisdiction>/<department>}:
 *
 * <ul>
 *   <li>a report to its category's department (in the newest reference data);</li>
 *   <li>a split or a cancellation to the board its complaint is on, which this router remembers per complaint
 *       ({@value #COMPLAINTS_STORE}: {@code complaints}, {@code field} and {@code dispatch} are all keyed by
 *       complaint id and co-partitioned, so one task sees every record of a complaint here);</li>
 *   <li>a crew's shift, location, acknowledgement, decline, resolution or cannot-fix to the crew's department;</li>
 *   <li>the dispatcher's own ComplaintQueued naming another department than the complaint's board (written when a
 *       crew could not fix it) to that department's board, with the complaint as the new board needs it.</li>
 * </ul>
 *
 * Checks what reference data alone can check, here where the record's source coordinates are still at hand: an
 * unknown jurisdiction, category, crew, department or complaint becomes a dead letter with the reason (its raw
 * value is the event as decoded, written again: the decoder keeps no bytes). Events no board acts on (en route,
 * on scene, notes, closures, the dispatcher's other decisions) are passed over; the dispatcher's other decisions
 * are not even decoded ({@link #mayMove}).
 */
public final class BoardRouter implements Processor<String, Event<?>, String, Routed> {
    /** Per complaint id, the complaint as its board needs it and the department it is with now. */
    public static final String COMPLAINTS_STORE = "complaints-for-routing";

    private static final Logger log = LoggerFactory.getLogger(BoardRouter.class);
    private static final String QUEUED = EventTypes.of(ComplaintQueued.class).name();

    private final ReferenceCatalog configured;
    private final String service;
    private final Clock clock;
    private ProcessorContext<String, Routed> context;
    private LatestReference reference;
    private KeyValueStore<String, WaitingComplaint> complaints;

    public BoardRouter(ReferenceCatalog configured, String service, Clock clock) {
        this.configured = configured;
        this.service = service;
        this.clock = clock;
    }

    /**
     * Whether a record read back from {@code dispatch} may be a ComplaintQueued, the one decision this router acts
     * on: false only for a JSON object whose {@code type} names another event type. Every other decision is passed
     * over before it is decoded, sparing the JSON Schema check of each dispatch's evidence; the dispatcher wrote
     * them, and their readers (SLA monitor, archive) check them strictly. What may be a move, or cannot be told
     * (not JSON, no type), is decoded strictly and dead-lettered if it is not a valid event.
     */
    public static boolean mayMove(byte[] value) {
        if (value == null) {
            return true;
        }
        try (JsonParser json = Json.MAPPER.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return true;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken token = json.nextToken();
                if (field.equals("type")) {
                    return token != JsonToken.VALUE_STRING || json.getText().equals(QUEUED);
                }
                json.skipChildren();
            }
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    /** The key of a department's dispatch board, for example {@code madiun/DLH}. */
    public static String board(String jurisdiction, String department) {
        return jurisdiction + "/" + department;
    }

    public static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMPLAINTS_STORE),
                Serdes.String(), new JsonSerde<>(WaitingComplaint.class)));
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.reference = new LatestReference(configured, context.getStateStore(LatestReference.STORE));
        this.complaints = context.getStateStore(COMPLAINTS_STORE);
    }

    @Override
    public void process(Record<String, Event<?>> record) {
        Event<?> event = record.value();
        Optional<ReferenceData> jurisdiction = reference.find(event.jurisdiction());
        if (jurisdiction.isEmpty()) {
            reject(record, "unknown jurisdiction " + event.jurisdiction());
            return;
        }
        ReferenceData data = jurisdiction.get();
        String id = data.jurisdiction().id();
        if (event.data() instanceof ComplaintReported reported) {
            routeReport(record, data, reported);
        } else if (event.data() instanceof ComplaintSplit || event.data() instanceof ComplaintCancelled) {
            WaitingComplaint complaint = complaints.get(event.subjectId());
            if (complaint == null) {
                reject(record, "unknown complaint " + event.subjectId());
            } else {
                accept(record, board(id, complaint.department()), null);
            }
        } else if (event.data() instanceof ShiftStarted started) {
            routeCrew(record, data, started.crewId(), started.department());
        } else if (event.data() instanceof ShiftEnded ended) {
            routeCrew(record, data, ended.crewId(), ended.department());
        } else if (event.data() instanceof CrewLocationReported located) {
            routeCrew(record, data, located.crewId(), located.department());
        } else if (event.data() instanceof JobAcknowledged ack) {
            routeCrew(record, data, ack.crewId(), null);
        } else if (event.data() instanceof JobDeclined declined) {
            routeCrew(record, data, declined.crewId(), null);
        } else if (event.data() instanceof JobResolved resolved) {
            routeCrew(record, data, resolved.crewId(), null);
        } else if (event.data() instanceof JobCannotFix cannotFix) {
            routeCannotFix(record, data, cannotFix);
        } else if (event.data() instanceof ComplaintQueued queued) {
            routeMove(record, queued);
        } else {
            log.debug("no board acts on {} {}", event.type(), event.eventId());
        }
    }

    private void routeReport(Record<String, Event<?>> record, ReferenceData data, ComplaintReported reported) {
        Event<?> event = record.value();
        String id = data.jurisdiction().id();
        Optional<ReferenceData.Category> category = data.findCategory(reported.category());
        if (category.isEmpty()) {
            reject(record, "unknown category " + reported.category() + " in jurisdiction " + id);
        } else if (!category.get().department().equals(reported.department())) {
            reject(record, "category " + reported.category() + " belongs to " + category.get().department()
                    + ", not " + reported.department());
        } else {
            if (complaints.get(event.subjectId()) == null) {
                complaints.put(event.subjectId(), new WaitingComplaint(event.subjectId(), reported.ticket(), id,
                        event.correlationId(), reported.category(), reported.department(), category.get().skill(),
                        reported.priority(), reported.location(), event.occurredAt(),
                        category.get().targetsFor(reported.priority()).acknowledge()));
            }
            accept(record, board(id, reported.department()), null);
        }
    }

    private void routeCrew(Record<String, Event<?>> record, ReferenceData data, String crewId, String department) {
        Optional<ReferenceData.Crew> crew = data.findCrew(crewId);
        String id = data.jurisdiction().id();
        if (crew.isEmpty()) {
            reject(record, "unknown crew " + crewId + " in jurisdiction " + id);
        } else if (department != null && !crew.get().department().equals(department)) {
            reject(record, "crew " + crewId + " belongs to " + crew.get().department() + ", not " + department);
        } else {
            accept(record, board(id, crew.get().department()), null);
        }
    }

    private void routeCannotFix(Record<String, Event<?>> record, ReferenceData data, JobCannotFix cannotFix) {
        String needed = cannotFix.neededDepartment();
        Optional<ReferenceData.Crew> crew = data.findCrew(cannotFix.crewId());
        if (data.departments().stream().noneMatch(d -> d.code().equals(needed))) {
            reject(record, "unknown department " + needed + " in jurisdiction " + data.jurisdiction().id());
        } else if (crew.isPresent() && crew.get().department().equals(needed)) {
            reject(record, "crew " + cannotFix.crewId() + " is itself of " + needed + ": nowhere to move the complaint");
        } else {
            routeCrew(record, data, cannotFix.crewId(), null);
        }
    }

    private void routeMove(Record<String, Event<?>> record, ComplaintQueued queued) {
        String complaintId = record.value().subjectId();
        WaitingComplaint complaint = complaints.get(complaintId);
        if (complaint == null || complaint.department().equals(queued.department())) {
            return;
        }
        WaitingComplaint moved = complaint.reroutedTo(queued.department());
        complaints.put(complaintId, moved);
        log.info("moving complaint {} from board {} to {}", complaintId, complaint.department(), queued.department());
        accept(record, board(moved.jurisdiction(), moved.department()), moved);
    }

    private void accept(Record<String, Event<?>> record, String board, WaitingComplaint complaint) {
        context.forward(record.withKey(board).withValue(new Routed(new BoardInput(source(), record.value(), complaint), null)));
    }

    private void reject(Record<String, Event<?>> record, String reason) {
        BoardInput.Source source = source();
        log.warn("dead-lettered {}-{}@{} key {} event {}: {}", source.topic(), source.partition(), source.offset(),
                record.key(), record.value().eventId(), reason);
        context.forward(record.withValue(new Routed(null, DeadLetters.of(source.topic(), source.partition(),
                source.offset(), record.key(), EventCodec.encode(record.value()), reason, service, clock.instant()))));
    }

    private BoardInput.Source source() {
        RecordMetadata meta = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("the router runs only on records read from a topic"));
        return new BoardInput.Source(meta.topic(), meta.partition(), meta.offset());
    }
}
