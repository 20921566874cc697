package siaga.fieldcrew;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

class FieldCrewTopologyTest {
    private static final Instant REPORTED = Instant.parse("2025-03-04T01:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T09:00:00Z"), ZoneOffset.UTC);
    private static final String COMPLAINT = "c-0001";
    private static final GeoPoint DEPOT = new GeoPoint(-7.6100, 111.5230);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> dispatch;
    private TestInputTopic<String, byte[]> field;
    private TestInputTopic<String, byte[]> crews;
    private TestOutputTopic<String, byte[]> deadLetters;
    private KeyValueStore<String, Job> jobs;
    private KeyValueStore<String, Shift> shifts;

    @BeforeEach
    void start() {
        SiagaConfig config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        driver = new TopologyTestDriver(FieldCrewTopology.build(CLOCK),
                KafkaSettings.streams(config, FieldCrewTopology.APPLICATION_NAME), REPORTED);
        dispatch = driver.createInputTopic(Topics.DISPATCH.name(), new StringSerializer(), new ByteArraySerializer());
        field = driver.createInputTopic(Topics.FIELD.name(), new StringSerializer(), new ByteArraySerializer());
        crews = driver.createInputTopic(Topics.CREWS.name(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
        jobs = driver.getKeyValueStore(FieldCrewTopology.JOBS_BY_COMPLAINT);
        shifts = driver.getKeyValueStore(FieldCrewTopology.SHIFTS_BY_CREW);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void foldsADispatchedJobThroughAcknowledgedToResolved() {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(dispatched));
        Job expectedDispatched = new Job(COMPLAINT, "dlh-1", "madiun", "DLH", JobStatus.DISPATCHED, dispatched,
                List.of(new Job.Step(JobStatus.DISPATCHED, dispatched.eventId(), REPORTED.plusSeconds(60))));
        assertThat(jobs.get(COMPLAINT)).isEqualTo(expectedDispatched);

        Event<FieldEvent> acknowledged = byCrew(dispatched, new JobAcknowledged("dlh-1", REPORTED), 300);
        field.pipeInput(COMPLAINT, EventCodec.encode(acknowledged));
        Job expectedAcknowledged = new Job(COMPLAINT, "dlh-1", "madiun", "DLH", JobStatus.ACKNOWLEDGED, dispatched,
                List.of(new Job.Step(JobStatus.DISPATCHED, dispatched.eventId(), REPORTED.plusSeconds(60)),
                        new Job.Step(JobStatus.ACKNOWLEDGED, acknowledged.eventId(), REPORTED.plusSeconds(300))));
        assertThat(jobs.get(COMPLAINT)).isEqualTo(expectedAcknowledged);

        Event<FieldEvent> resolved = byCrew(dispatched, new JobResolved("dlh-1", "pohon dipotong dan disingkirkan", null, REPORTED), 3600);
        field.pipeInput(COMPLAINT, EventCodec.encode(resolved));
        assertThat(jobs.get(COMPLAINT)).isEqualTo(new Job(COMPLAINT, "dlh-1", "madiun", "DLH", JobStatus.RESOLVED, dispatched,
                List.of(new Job.Step(JobStatus.DISPATCHED, dispatched.eventId(), REPORTED.plusSeconds(60)),
                        new Job.Step(JobStatus.ACKNOWLEDGED, acknowledged.eventId(), REPORTED.plusSeconds(300)),
                        new Job.Step(JobStatus.RESOLVED, resolved.eventId(), REPORTED.plusSeconds(3600)))));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aQueuedComplaintHasNoJob() {
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(Event.of(new ComplaintQueued("DLH", "no tree-clearing crew on shift"),
                "madiun", COMPLAINT, Actor.system("dispatcher"), "corr-1", REPORTED)));

        assertThat(jobs.get(COMPLAINT)).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void foldsShiftStartAndEndIntoTheCrewsShift() {
        Event<CrewEvent> started = crewEvent(new ShiftStarted("dlh-1", "DLH", DEPOT), REPORTED);
        crews.pipeInput("dlh-1", EventCodec.encode(started));
        assertThat(shifts.get("dlh-1"))
                .isEqualTo(new Shift("dlh-1", "madiun", "DLH", true, DEPOT, REPORTED, started.eventId()));

        Event<CrewEvent> ended = crewEvent(new ShiftEnded("dlh-1", "DLH"), REPORTED.plusSeconds(8 * 3600));
        crews.pipeInput("dlh-1", EventCodec.encode(ended));
        assertThat(shifts.get("dlh-1"))
                .isEqualTo(new Shift("dlh-1", "madiun", "DLH", false, null, REPORTED.plusSeconds(8 * 3600), ended.eventId()));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsReasonAndTheViewGoesOn() throws IOException {
        field.pipeInput(COMPLAINT, "{not json".getBytes(StandardCharsets.UTF_8));
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(dispatched));

        var record = deadLetters.readRecord();
        assertThat(record.key()).isEqualTo(COMPLAINT);
        DeadLetter letter = Json.MAPPER.readValue(record.value(), DeadLetter.class);
        assertThat(letter).usingRecursiveComparison().ignoringFields("reason").isEqualTo(new DeadLetter(
                "field", 0, 0, COMPLAINT, "{not json", "-", FieldCrewService.NAME, CLOCK.instant()));
        assertThat(letter.reason()).startsWith("not valid JSON");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(jobs.get(COMPLAINT).status()).isEqualTo(JobStatus.DISPATCHED);
    }

    @Test
    void aFieldEventForAJobNeverDispatchedIsDeadLettered() throws IOException {
        Event<ComplaintDispatched> elsewhere = dispatchedTo("dlh-1", COMPLAINT);
        Event<FieldEvent> acknowledged = byCrew(elsewhere, new JobAcknowledged("dlh-1", REPORTED), 300);
        field.pipeInput(COMPLAINT, EventCodec.encode(acknowledged));

        assertDeadLetter("field", 0, acknowledged, "no dispatch is known for complaint c-0001");
        assertThat(jobs.get(COMPLAINT)).isNull();
    }

    @Test
    void resolvingBeforeAcknowledgingIsDeadLetteredAndTheJobStaysDispatched() throws IOException {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(dispatched));
        Job before = jobs.get(COMPLAINT);

        Event<FieldEvent> resolved = byCrew(dispatched, new JobResolved("dlh-1", "selesai", null, REPORTED), 600);
        field.pipeInput(COMPLAINT, EventCodec.encode(resolved));

        assertDeadLetter("field", 0, resolved, "complaint c-0001 cannot go from dispatched to resolved");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
    }

    @Test
    void aFieldEventFromAnotherCrewIsDeadLettered() throws IOException {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(dispatched));
        Job before = jobs.get(COMPLAINT);

        Event<FieldEvent> acknowledged = dispatched.followedBy(new JobAcknowledged("dlh-2", REPORTED),
                new Actor(ActorRole.CREW, "dlh-2"), REPORTED.plusSeconds(300));
        field.pipeInput(COMPLAINT, EventCodec.encode(acknowledged));

        assertDeadLetter("field", 0, acknowledged, "crew dlh-2 is not the crew complaint c-0001 is assigned to (dlh-1)");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
    }

    @Test
    void anEventAppliedAgainChangesNothing() {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        Event<FieldEvent> acknowledged = byCrew(dispatched, new JobAcknowledged("dlh-1", REPORTED), 300);
        Event<FieldEvent> resolved = byCrew(dispatched, new JobResolved("dlh-1", "selesai", null, REPORTED), 900);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(dispatched));
        field.pipeInput(COMPLAINT, EventCodec.encode(acknowledged));
        field.pipeInput(COMPLAINT, EventCodec.encode(resolved));
        Job resolvedJob = jobs.get(COMPLAINT);

        dispatch.pipeInput(COMPLAINT, EventCodec.encode(dispatched));
        field.pipeInput(COMPLAINT, EventCodec.encode(acknowledged));

        assertThat(jobs.get(COMPLAINT)).isEqualTo(resolvedJob);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSecondDispatchOfAKnownJobIsDeadLettered() throws IOException {
        Event<ComplaintDispatched> first = dispatchedTo("dlh-1", COMPLAINT);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(first));
        Job before = jobs.get(COMPLAINT);

        Event<ComplaintDispatched> second = dispatchedTo("dlh-2", COMPLAINT);
        dispatch.pipeInput(COMPLAINT, EventCodec.encode(second));

        assertDeadLetter("dispatch", 1, second,
                "complaint c-0001 is already dispatched to crew dlh-1; re-dispatch is not handled yet");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
    }

    @Test
    void aShiftEventAboutAnotherCrewThanItsSubjectIsDeadLettered() throws IOException {
        Event<CrewEvent> misaddressed = Event.of(new ShiftStarted("dlh-2", "DLH", DEPOT), "madiun", "dlh-1",
                new Actor(ActorRole.CREW, "dlh-1"), "corr-9", REPORTED);
        crews.pipeInput("dlh-1", EventCodec.encode(misaddressed));

        DeadLetter letter = readDeadLetter();
        assertThat(letter).isEqualTo(new DeadLetter("crews", 0, 0, "dlh-1",
                new String(EventCodec.encode(misaddressed), StandardCharsets.UTF_8),
                "event is about crew dlh-2 but keyed by crew dlh-1", FieldCrewService.NAME, CLOCK.instant()));
        assertThat(shifts.get("dlh-1")).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private void assertDeadLetter(String topic, long offset, Event<?> event, String reason) throws IOException {
        DeadLetter letter = readDeadLetter();
        assertThat(letter).isEqualTo(new DeadLetter(topic, 0, offset, COMPLAINT,
                new String(EventCodec.encode(event), StandardCharsets.UTF_8), reason, FieldCrewService.NAME, CLOCK.instant()));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private DeadLetter readDeadLetter() throws IOException {
        assertThat(deadLetters.isEmpty()).as("a dead letter").isFalse();
        var record = deadLetters.readRecord();
        DeadLetter letter = Json.MAPPER.readValue(record.value(), DeadLetter.class);
        assertThat(record.key()).isEqualTo(letter.key());
        return letter;
    }

    private static Event<ComplaintDispatched> dispatchedTo(String crewId, String complaintId) {
        return Event.of(new ComplaintDispatched(crewId, "DLH", 1250.0, 0, "nearest free tree-clearing crew"),
                "madiun", complaintId, Actor.system("dispatcher"), "corr-" + complaintId, REPORTED.plusSeconds(60));
    }

    private static Event<FieldEvent> byCrew(Event<ComplaintDispatched> dispatched, FieldEvent payload, long secondsAfterReport) {
        return dispatched.followedBy(payload, new Actor(ActorRole.CREW, payload.crewId()), REPORTED.plusSeconds(secondsAfterReport));
    }

    private static Event<CrewEvent> crewEvent(CrewEvent payload, Instant at) {
        return Event.of(payload, "madiun", payload.crewId(), new Actor(ActorRole.CREW, payload.crewId()), "corr-shift", at);
    }
}
