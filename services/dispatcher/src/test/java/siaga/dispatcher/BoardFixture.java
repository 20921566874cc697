package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.board.CrewOnBoard;
import siaga.dispatcher.board.DispatchBoard;
import siaga.dispatcher.board.Job;
import siaga.dispatcher.explain.Explanation;
import siaga.testing.MutableClock;

/**
 * One dispatcher in a TopologyTestDriver, spoken to in the domain's terms: crews start shifts and report in,
 * citizens report complaints, crews acknowledge, decline and resolve. Every input is one second after the one
 * before on the controllable clock; {@link #advance} moves that clock and the driver's wall clock together.
 */
final class BoardFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-01-15T02:00:00Z");
    static final Actor DISPATCHER = Actor.system("dispatcher");

    final MutableClock clock = new MutableClock(NOW);
    final ReferenceCatalog reference;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> complaints;
    final TestInputTopic<String, byte[]> crews;
    final TestInputTopic<String, byte[]> field;
    final TestInputTopic<String, byte[]> referenceTopic;
    /** The dispatcher's own output, for writing records to it as if another writer had. */
    final TestInputTopic<String, byte[]> dispatchIn;
    final TestOutputTopic<String, byte[]> dispatch;
    final TestOutputTopic<String, byte[]> deadLetter;
    int tickets;

    BoardFixture(Path stateDir, ReferenceCatalog reference, DispatchRules rules) {
        this.reference = reference;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dispatcher-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DispatcherTopology.build(reference, rules, clock), props, NOW);
        complaints = driver.createInputTopic("complaints", new StringSerializer(), new ByteArraySerializer());
        crews = driver.createInputTopic("crews", new StringSerializer(), new ByteArraySerializer());
        field = driver.createInputTopic("field", new StringSerializer(), new ByteArraySerializer());
        referenceTopic = driver.createInputTopic("reference", new StringSerializer(), new ByteArraySerializer());
        dispatchIn = driver.createInputTopic("dispatch", new StringSerializer(), new ByteArraySerializer());
        dispatch = driver.createOutputTopic("dispatch", new StringDeserializer(), new ByteArrayDeserializer());
        deadLetter = driver.createOutputTopic("dead-letter", new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Moves the clock and the driver's wall clock together, running the punctuators that come due. */
    void advance(Duration by) {
        clock.advance(by);
        driver.advanceWallClockTime(by);
    }

    Instant tick() {
        clock.advance(Duration.ofSeconds(1));
        return clock.instant();
    }

    String department(String crewId) {
        return reference.primary().getCrew(crewId).department();
    }

    Event<ShiftStarted> startShift(String crewId, GeoPoint at) {
        Event<ShiftStarted> shift = Event.of(new ShiftStarted(crewId, department(crewId), at), "madiun", crewId,
                new Actor(ActorRole.CREW, crewId), "shift-" + crewId, tick());
        crews.pipeInput(crewId, EventCodec.encode(shift));
        return shift;
    }

    void startShift(String crewId) {
        startShift(crewId, reference.primary().getCrew(crewId).depot());
    }

    void endShift(String crewId) {
        crews.pipeInput(crewId, EventCodec.encode(Event.of(new ShiftEnded(crewId, department(crewId)), "madiun", crewId,
                new Actor(ActorRole.CREW, crewId), "shift-" + crewId, tick())));
    }

    void reportLocation(String crewId, GeoPoint at, Instant measuredAt) {
        crews.pipeInput(crewId, EventCodec.encode(Event.of(new CrewLocationReported(crewId, department(crewId), at, 10, tick()),
                "madiun", crewId, new Actor(ActorRole.CREW, crewId), "loc-" + crewId, measuredAt)));
    }

    Event<ComplaintReported> complaint(String id, String category, int priority, GeoPoint at) {
        String department = reference.primary().getCategory(category).department();
        return Event.of(new ComplaintReported(String.format("MDN-2026-%06d", ++tickets), category, department, priority, at,
                        "Jl. Pahlawan", "Keluhan warga", new Reporter("Sri", "081234567890")),
                "madiun", id, new Actor(ActorRole.OPERATOR, "op-1"), "corr-" + id, tick());
    }

    Event<ComplaintReported> report(String id, String category, int priority, GeoPoint at) {
        Event<ComplaintReported> event = complaint(id, category, priority, at);
        report(event);
        return event;
    }

    void report(Event<? extends ComplaintEvent> event) {
        complaints.pipeInput(event.subjectId(), EventCodec.encode(event));
    }

    <F extends FieldEvent> Event<F> field(String complaintId, F payload) {
        Event<F> event = Event.of(payload, "madiun", complaintId, new Actor(ActorRole.CREW, payload.crewId()),
                "corr-" + complaintId, tick());
        field.pipeInput(complaintId, EventCodec.encode(event));
        return event;
    }

    void publish(ReferenceData data) {
        try {
            referenceTopic.pipeInput(data.jurisdiction().id(), Json.MAPPER.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The next decision on {@code dispatch}, checked to be keyed by its complaint and written by the dispatcher. */
    Event<DispatchEvent> next() {
        TestRecord<String, byte[]> record = dispatch.readRecord();
        try {
            Event<DispatchEvent> event = Topics.DISPATCH.decode(record.value());
            assertThat(record.key()).isEqualTo(event.subjectId());
            assertThat(event.actor()).isEqualTo(DISPATCHER);
            return event;
        } catch (InvalidEventException e) {
            throw new AssertionError("dispatch carries an invalid event: " + e.getMessage(), e);
        }
    }

    DispatchEvent nextDecision(String complaintId) {
        Event<DispatchEvent> event = next();
        assertThat(event.subjectId()).isEqualTo(complaintId);
        assertThat(event.correlationId()).isEqualTo("corr-" + complaintId);
        return event.data();
    }

    List<Event<DispatchEvent>> drain() {
        List<Event<DispatchEvent>> all = new ArrayList<>();
        while (!dispatch.isEmpty()) {
            all.add(next());
        }
        return all;
    }

    DeadLetter nextDeadLetter() {
        try {
            return Json.MAPPER.readValue(deadLetter.readRecord().value(), DeadLetter.class);
        } catch (IOException e) {
            throw new AssertionError("dead-letter carries no dead letter", e);
        }
    }

    CrewOnBoard crew(String crewId) {
        KeyValueStore<String, CrewOnBoard> store = driver.getKeyValueStore(DispatchBoard.CREWS_STORE);
        return store.get("madiun/" + department(crewId) + "/" + crewId);
    }

    Job job(String complaintId) {
        KeyValueStore<String, Job> store = driver.getKeyValueStore(DispatchBoard.JOBS_STORE);
        return store.get(complaintId);
    }

    Explanation explanation(String complaintId) {
        return Explanation.of(job(complaintId));
    }
}
