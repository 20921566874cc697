package siaga.dispatcher.board;

import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.kafka.DeadLetters;

/**
 * Sends every event that touches a dispatch board to that board, keyed {@code <jurisdiction>/<department>}:
 * a complaint to its category's department, a shift or a resolved job to the crew's department. Checks what
 * reference data alone can check, here where the record's source coordinates are still at hand: an unknown
 * jurisdiction, category or crew, or a department that disagrees with the reference data, becomes a dead
 * letter with the reason (its raw value is the event as decoded, written again: the decoder keeps no bytes).
 * Events the board does not act on (a job acknowledged) are passed over.
 */
public final class BoardRouter implements Processor<String, Event<?>, String, Routed> {
    private static final Logger log = LoggerFactory.getLogger(BoardRouter.class);

    private final ReferenceCatalog reference;
    private final String service;
    private final Clock clock;
    private ProcessorContext<String, Routed> context;

    public BoardRouter(ReferenceCatalog reference, String service, Clock clock) {
        this.reference = reference;
        this.service = service;
        this.clock = clock;
    }

    /** The key of a department's dispatch board, for example {@code madiun/DLH}. */
    public static String board(String jurisdiction, String department) {
        return jurisdiction + "/" + department;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
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
            Optional<ReferenceData.Category> category = data.findCategory(reported.category());
            if (category.isEmpty()) {
                reject(record, "unknown category " + reported.category() + " in jurisdiction " + id);
            } else if (!category.get().department().equals(reported.department())) {
                reject(record, "category " + reported.category() + " belongs to " + category.get().department()
                        + ", not " + reported.department());
            } else {
                accept(record, board(id, reported.department()));
            }
        } else if (event.data() instanceof ShiftStarted started) {
            routeShift(record, data, started.crewId(), started.department());
        } else if (event.data() instanceof ShiftEnded ended) {
            routeShift(record, data, ended.crewId(), ended.department());
        } else if (event.data() instanceof JobResolved resolved) {
            Optional<ReferenceData.Crew> crew = data.findCrew(resolved.crewId());
            if (crew.isEmpty()) {
                reject(record, "unknown crew " + resolved.crewId() + " in jurisdiction " + id);
            } else {
                accept(record, board(id, crew.get().department()));
            }
        } else {
            log.debug("no board acts on {} {}", event.type(), event.eventId());
        }
    }

    private void routeShift(Record<String, Event<?>> record, ReferenceData data, String crewId, String department) {
        Optional<ReferenceData.Crew> crew = data.findCrew(crewId);
        String id = data.jurisdiction().id();
        if (crew.isEmpty()) {
            reject(record, "unknown crew " + crewId + " in jurisdiction " + id);
        } else if (!crew.get().department().equals(department)) {
            reject(record, "crew " + crewId + " belongs to " + crew.get().department() + ", not " + department);
        } else {
            accept(record, board(id, department));
        }
    }

    private void accept(Record<String, Event<?>> record, String board) {
        context.forward(record.withKey(board).withValue(new Routed(new BoardInput(source(), record.value()), null)));
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
