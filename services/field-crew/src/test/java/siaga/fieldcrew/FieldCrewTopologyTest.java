package siaga.fieldcrew;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
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
    private TestInputTopic<String, byte[]> complaints;
    private TestInputTopic<String, byte[]> dispatch;
    private TestInputTopic<String, byte[]> field;
    private TestInputTopic<String, byte[]> crews;
    private TestOutputTopic<String, byte[]> deadLetters;
    private KeyValueStore<String, Job> jobs;
    private KeyValueStore<String, String> openJobs;
    private KeyValueStore<String, ComplaintSummary> summaries;
    private KeyValueStore<String, Shift> shifts;
    private KeyValueStore<String, CrewDay> attendance;
    private long fieldOffset;

    @BeforeEach
    void start() {
        SiagaConfig config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        driver = new TopologyTestDriver(FieldCrewTopology.build(TestReference.CATALOG, CLOCK),
                KafkaSettings.streams(config, FieldCrewTopology.APPLICATION_NAME), REPORTED);
        complaints = driver.createInputTopic(Topics.COMPLAINTS.name(), new StringSerializer(), new ByteArraySerializer());
        dispatch = driver.createInputTopic(Topics.DISPATCH.name(), new StringSerializer(), new ByteArraySerializer());
        field = driver.createInputTopic(Topics.FIELD.name(), new StringSerializer(), new ByteArraySerializer());
        crews = driver.createInputTopic(Topics.CREWS.name(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
        jobs = driver.getKeyValueStore(FieldCrewTopology.JOBS_BY_COMPLAINT);
        openJobs = driver.getKeyValueStore(FieldCrewTopology.OPEN_JOBS_BY_CREW);
        summaries = driver.getKeyValueStore(FieldCrewTopology.COMPLAINTS_BY_ID);
        shifts = driver.getKeyValueStore(FieldCrewTopology.SHIFTS_BY_CREW);
        attendance = driver.getKeyValueStore(FieldCrewTopology.ATTENDANCE_BY_CREW_AND_DAY);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void foldsADispatchedJobThroughEveryStepToResolved() {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        pipe(dispatched);
        assertThat(jobs.get(COMPLAINT)).isEqualTo(new Job(COMPLAINT, "dlh-1", "madiun", "DLH", "corr-" + COMPLAINT,
                JobStatus.DISPATCHED, false, List.of(dispatchStep(dispatched, "dlh-1"))));

        Event<FieldEvent> acknowledged = byCrew(dispatched, new JobAcknowledged("dlh-1", REPORTED.plusSeconds(301)), 300);
        Event<FieldEvent> enRoute = byCrew(dispatched, new JobEnRoute("dlh-1", REPORTED.plusSeconds(400)), 400);
        Event<FieldEvent> onScene = byCrew(dispatched, new JobOnScene("dlh-1", REPORTED.plusSeconds(1300)), 1200);
        Event<FieldEvent> resolved = byCrew(dispatched,
                new JobResolved("dlh-1", "pohon dipotong", "https://foto.example/1.jpg", REPORTED.plusSeconds(3600)), 3600);
        Stream.of(acknowledged, enRoute, onScene, resolved).forEach(this::pipe);

        assertThat(jobs.get(COMPLAINT)).isEqualTo(new Job(COMPLAINT, "dlh-1", "madiun", "DLH", "corr-" + COMPLAINT,
                JobStatus.RESOLVED, false, List.of(
                        dispatchStep(dispatched, "dlh-1"),
                        new Job.Step(JobStatus.ACKNOWLEDGED, acknowledged.eventId(), "dlh-1", REPORTED.plusSeconds(300),
                                REPORTED.plusSeconds(301), null),
                        new Job.Step(JobStatus.EN_ROUTE, enRoute.eventId(), "dlh-1", REPORTED.plusSeconds(400),
                                REPORTED.plusSeconds(400), null),
                        new Job.Step(JobStatus.ON_SCENE, onScene.eventId(), "dlh-1", REPORTED.plusSeconds(1200),
                                REPORTED.plusSeconds(1300), null),
                        new Job.Step(JobStatus.RESOLVED, resolved.eventId(), "dlh-1", REPORTED.plusSeconds(3600),
                                REPORTED.plusSeconds(3600), "pohon dipotong"))));
        assertThat(openJobs.get("dlh-1/" + COMPLAINT)).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    /** Every status a job can be in, by the shortest way there. */
    private static final Map<JobStatus, List<JobStatus>> PATHS = Map.of(
            JobStatus.DISPATCHED, List.of(),
            JobStatus.ACKNOWLEDGED, List.of(JobStatus.ACKNOWLEDGED),
            JobStatus.EN_ROUTE, List.of(JobStatus.ACKNOWLEDGED, JobStatus.EN_ROUTE),
            JobStatus.ON_SCENE, List.of(JobStatus.ACKNOWLEDGED, JobStatus.EN_ROUTE, JobStatus.ON_SCENE),
            JobStatus.RESOLVED, List.of(JobStatus.ACKNOWLEDGED, JobStatus.RESOLVED),
            JobStatus.DECLINED, List.of(JobStatus.DECLINED),
            JobStatus.CANNOT_FIX, List.of(JobStatus.ACKNOWLEDGED, JobStatus.CANNOT_FIX));

    /** The legal moves of the issue, written out here rather than read from JobStatus. */
    private static final Map<JobStatus, List<JobStatus>> LEGAL = Map.of(
            JobStatus.DISPATCHED, List.of(JobStatus.ACKNOWLEDGED, JobStatus.DECLINED),
            JobStatus.ACKNOWLEDGED, List.of(JobStatus.EN_ROUTE, JobStatus.RESOLVED, JobStatus.DECLINED, JobStatus.CANNOT_FIX),
            JobStatus.EN_ROUTE, List.of(JobStatus.ON_SCENE, JobStatus.CANNOT_FIX),
            JobStatus.ON_SCENE, List.of(JobStatus.RESOLVED, JobStatus.CANNOT_FIX),
            JobStatus.RESOLVED, List.of(),
            JobStatus.DECLINED, List.of(),
            JobStatus.CANNOT_FIX, List.of());

    static Stream<Arguments> everyStatusAndEveryTransition() {
        List<Arguments> pairs = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                if (to != JobStatus.DISPATCHED) {
                    pairs.add(Arguments.of(from, to, LEGAL.get(from).contains(to)));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: legal {2}")
    @MethodSource("everyStatusAndEveryTransition")
    void appliesExactlyTheLegalTransitions(JobStatus from, JobStatus to, boolean legal) throws IOException {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        pipe(dispatched);
        long at = 100;
        for (JobStatus step : PATHS.get(from)) {
            pipe(byCrew(dispatched, payload(step, "dlh-1"), at += 100));
        }
        Job before = jobs.get(COMPLAINT);
        assertThat(before.status()).isEqualTo(from);
        assertThat(from.allowedNext()).isEqualTo(LEGAL.get(from));

        Event<FieldEvent> event = byCrew(dispatched, payload(to, "dlh-1"), at + 100);
        pipe(event);

        if (legal) {
            assertThat(jobs.get(COMPLAINT)).isEqualTo(before.advance(to, event));
            assertThat(deadLetters.isEmpty()).isTrue();
        } else {
            assertDeadLetter("field", fieldOffset - 1, event, "complaint c-0001 cannot go from " + from + " to " + to);
            assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
        }
        assertThat(openJobs.get("dlh-1/" + COMPLAINT)).isEqualTo(jobs.get(COMPLAINT).status().isOpen() ? COMPLAINT : null);
    }

    @Test
    void aStepSentLateByAnOfflinePhoneTakesItsPlaceInTheTimelineWithoutMovingTheStatusBack() {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        pipe(dispatched);
        Event<FieldEvent> acknowledged = byCrew(dispatched, new JobAcknowledged("dlh-1", REPORTED.plusSeconds(2000)), 900);
        Event<FieldEvent> enRoute = byCrew(dispatched, new JobEnRoute("dlh-1", REPORTED.plusSeconds(2001)), 600);
        Event<FieldEvent> onScene = byCrew(dispatched, new JobOnScene("dlh-1", REPORTED.plusSeconds(2002)), 1200);
        pipe(acknowledged);
        pipe(enRoute);
        pipe(onScene);

        Job job = jobs.get(COMPLAINT);
        assertThat(job.status()).isEqualTo(JobStatus.ON_SCENE);
        assertThat(job.history()).extracting(Job.Step::status).containsExactly(
                JobStatus.DISPATCHED, JobStatus.EN_ROUTE, JobStatus.ACKNOWLEDGED, JobStatus.ON_SCENE);
        assertThat(job.history()).extracting(Job.Step::at).isSorted();

        pipe(acknowledged);
        assertThat(jobs.get(COMPLAINT)).isEqualTo(job);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aQueuedComplaintHasNoJob() {
        pipe(Event.of(new ComplaintQueued("DLH", "no tree-clearing crew on shift"), "madiun", COMPLAINT,
                Actor.system("dispatcher"), "corr-1", REPORTED));

        assertThat(jobs.get(COMPLAINT)).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSecondDispatchWhileTheCrewHoldsTheJobIsDeadLettered() throws IOException {
        pipe(dispatchedTo("dlh-1", COMPLAINT));
        Job before = jobs.get(COMPLAINT);

        Event<ComplaintDispatched> second = dispatchedTo("dlh-2", COMPLAINT);
        pipe(second);

        assertDeadLetter("dispatch", 1, second, "complaint c-0001 is already dispatched to crew dlh-1 (dispatched); "
                + "it is dispatched again only after a decline, cannot-fix or escalation");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
    }

    @Test
    void aDispatchAfterADeclineGivesTheJobToTheNewCrew() {
        Event<ComplaintDispatched> first = dispatchedTo("dlh-1", COMPLAINT);
        pipe(first);
        assertThat(openJobs.get("dlh-1/" + COMPLAINT)).isEqualTo(COMPLAINT);
        pipe(byCrew(first, new JobDeclined("dlh-1", "vehicle-broken", "ban bocor", REPORTED), 200));
        assertThat(openJobs.get("dlh-1/" + COMPLAINT)).isNull();

        Event<ComplaintDispatched> second = dispatchedTo("dlh-2", COMPLAINT, 300);
        pipe(second);

        Job job = jobs.get(COMPLAINT);
        assertThat(job.crewId()).isEqualTo("dlh-2");
        assertThat(job.status()).isEqualTo(JobStatus.DISPATCHED);
        assertThat(job.history()).extracting(Job.Step::status, Job.Step::crewId, Job.Step::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(JobStatus.DISPATCHED, "dlh-1", "nearest free tree-clearing crew"),
                org.assertj.core.groups.Tuple.tuple(JobStatus.DECLINED, "dlh-1", "vehicle-broken: ban bocor"),
                org.assertj.core.groups.Tuple.tuple(JobStatus.DISPATCHED, "dlh-2", "nearest free tree-clearing crew"));
        assertThat(openJobs.get("dlh-2/" + COMPLAINT)).isEqualTo(COMPLAINT);
        assertThat(openJobs.get("dlh-1/" + COMPLAINT)).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aDispatchAfterCannotFixGivesTheJobToAnotherDepartmentsCrew() {
        Event<ComplaintDispatched> first = dispatchedTo("dlh-1", COMPLAINT);
        pipe(first);
        pipe(byCrew(first, new JobAcknowledged("dlh-1", REPORTED), 100));
        pipe(byCrew(first, new JobCannotFix("dlh-1", "PUPR", "jalan amblas, perlu alat berat", REPORTED), 200));

        pipe(first.followedBy(new ComplaintDispatched("pupr-1", "PUPR", 900.0, 0, "nearest road-repair crew"),
                Actor.system("dispatcher"), REPORTED.plusSeconds(300)));

        Job job = jobs.get(COMPLAINT);
        assertThat(job.crewId()).isEqualTo("pupr-1");
        assertThat(job.department()).isEqualTo("PUPR");
        assertThat(job.status()).isEqualTo(JobStatus.DISPATCHED);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aDispatchAfterAnEscalationGivesTheJobToTheNewCrew() {
        Event<ComplaintDispatched> first = dispatchedTo("dlh-1", COMPLAINT);
        pipe(first);
        pipe(first.followedBy(new ComplaintEscalated("dlh-1", "DLH", 1, "not acknowledged within 15 minutes"),
                Actor.system("dispatcher"), REPORTED.plusSeconds(1000)));
        assertThat(jobs.get(COMPLAINT).escalated()).isTrue();

        pipe(dispatchedTo("dlh-3", COMPLAINT, 1001));

        Job job = jobs.get(COMPLAINT);
        assertThat(job.crewId()).isEqualTo("dlh-3");
        assertThat(job.escalated()).isFalse();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aReassignmentGivesTheJobToTheNewCrewAndTheOldCrewsEventsAreRefused() throws IOException {
        Event<ComplaintDispatched> first = dispatchedTo("dlh-1", COMPLAINT);
        pipe(first);
        pipe(byCrew(first, new JobAcknowledged("dlh-1", REPORTED), 100));

        Event<DispatchEvent> reassigned = first.followedBy(new ComplaintReassigned("dlh-1", "dlh-2", "DLH", 700.0, 0,
                "dlh-1 ended its shift", List.of(), "2"), Actor.system("dispatcher"), REPORTED.plusSeconds(200));
        pipe(reassigned);

        Job job = jobs.get(COMPLAINT);
        assertThat(job.crewId()).isEqualTo("dlh-2");
        assertThat(job.status()).isEqualTo(JobStatus.DISPATCHED);
        assertThat(job.history()).last().isEqualTo(new Job.Step(JobStatus.DISPATCHED, reassigned.eventId(), "dlh-2",
                REPORTED.plusSeconds(200), REPORTED.plusSeconds(200), "dlh-1 ended its shift"));
        assertThat(openJobs.get("dlh-1/" + COMPLAINT)).isNull();
        assertThat(openJobs.get("dlh-2/" + COMPLAINT)).isEqualTo(COMPLAINT);

        Event<FieldEvent> late = byCrew(first, new JobEnRoute("dlh-1", REPORTED), 300);
        pipe(late);
        assertDeadLetter("field", 1, late, "crew dlh-1 is not the crew complaint c-0001 is assigned to (dlh-2)");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(job);
    }

    @Test
    void aReassignmentOfAResolvedJobIsDeadLettered() throws IOException {
        Event<ComplaintDispatched> first = dispatchedTo("dlh-1", COMPLAINT);
        pipe(first);
        pipe(byCrew(first, new JobAcknowledged("dlh-1", REPORTED), 100));
        pipe(byCrew(first, new JobResolved("dlh-1", "selesai", null, REPORTED), 200));
        Job before = jobs.get(COMPLAINT);

        Event<DispatchEvent> reassigned = first.followedBy(new ComplaintReassigned("dlh-1", "dlh-2", "DLH", 700.0, 0,
                "operator moved it", List.of(), "2"), Actor.system("dispatcher"), REPORTED.plusSeconds(300));
        pipe(reassigned);

        assertDeadLetter("dispatch", 1, reassigned, "complaint c-0001 is resolved and cannot be reassigned");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
    }

    @Test
    void keepsOfTheReportWhatACrewNeedsAndOnlyTheReportersFirstName() {
        Event<ComplaintEvent> reported = Event.of(new ComplaintReported("MDN-2025-000001", "fallen-tree", "DLH", 2,
                        new GeoPoint(-7.62, 111.53), "Jl. Pahlawan 12", "Pohon tumbang menutup jalan",
                        new Reporter("Siti Rahayu Lestari", "+6281234567890")),
                "madiun", COMPLAINT, Actor.system("intake"), "corr-" + COMPLAINT, REPORTED);
        complaints.pipeInput(COMPLAINT, EventCodec.encode(reported));

        assertThat(summaries.get(COMPLAINT)).isEqualTo(new ComplaintSummary(COMPLAINT, "madiun", "MDN-2025-000001", "fallen-tree", 2,
                new GeoPoint(-7.62, 111.53), "Jl. Pahlawan 12", "Pohon tumbang menutup jalan", "Siti", REPORTED));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void foldsShiftStartAndEndIntoTheCrewsShiftAndALocationReportLeavesItAsItIs() {
        Event<CrewEvent> started = crewEvent(new ShiftStarted("dlh-1", "DLH", DEPOT, List.of("dlh-1-a", "dlh-1-b")), REPORTED);
        crews.pipeInput("dlh-1", EventCodec.encode(started));
        Shift onShift = new Shift("dlh-1", "madiun", "DLH", true, DEPOT, REPORTED, List.of("dlh-1-a", "dlh-1-b"), started.eventId());
        assertThat(shifts.get("dlh-1")).isEqualTo(onShift);

        crews.pipeInput("dlh-1", EventCodec.encode(crewEvent(new CrewLocationReported("dlh-1", "DLH",
                new GeoPoint(-7.62, 111.53), 12.5, REPORTED.plusSeconds(60)), REPORTED.plusSeconds(60))));
        assertThat(shifts.get("dlh-1")).isEqualTo(onShift);

        Event<CrewEvent> ended = crewEvent(new ShiftEnded("dlh-1", "DLH"), REPORTED.plusSeconds(8 * 3600));
        crews.pipeInput("dlh-1", EventCodec.encode(ended));
        assertThat(shifts.get("dlh-1")).isEqualTo(
                new Shift("dlh-1", "madiun", "DLH", false, null, REPORTED.plusSeconds(8 * 3600), List.of(), ended.eventId()));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void countsRollCallsPerCrewOnTheLocalDateOfTheJurisdiction() {
        // 23:10 UTC on 3 March is 06:10 WIB on 4 March
        Instant early = Instant.parse("2025-03-03T23:10:00Z");
        crews.pipeInput("dlh-1", EventCodec.encode(crewEvent(new ShiftStarted("dlh-1", "DLH", DEPOT, List.of("dlh-1-b")), early)));
        crews.pipeInput("dlh-1", EventCodec.encode(crewEvent(new ShiftEnded("dlh-1", "DLH"), early.plusSeconds(3600))));
        Event<CrewEvent> again = crewEvent(new ShiftStarted("dlh-1", "DLH", DEPOT, List.of("dlh-1-a", "dlh-1-b")),
                early.plusSeconds(7200));
        crews.pipeInput("dlh-1", EventCodec.encode(again));
        crews.pipeInput("dlh-1", EventCodec.encode(again));

        assertThat(attendance.get("dlh-1/2025-03-04")).isEqualTo(
                new CrewDay("dlh-1", "DLH", LocalDate.parse("2025-03-04"), early, List.of("dlh-1-a", "dlh-1-b")));
        assertThat(attendance.get("dlh-1/2025-03-03")).isNull();
        List<KeyValue<String, CrewDay>> all = new ArrayList<>();
        attendance.all().forEachRemaining(all::add);
        assertThat(all).hasSize(1);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsReasonAndTheViewGoesOn() throws IOException {
        field.pipeInput(COMPLAINT, "{not json".getBytes(StandardCharsets.UTF_8));
        pipe(dispatchedTo("dlh-1", COMPLAINT));

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
        Event<FieldEvent> acknowledged = byCrew(dispatchedTo("dlh-1", COMPLAINT), new JobAcknowledged("dlh-1", REPORTED), 300);
        pipe(acknowledged);

        assertDeadLetter("field", 0, acknowledged, "no dispatch is known for complaint c-0001");
        assertThat(jobs.get(COMPLAINT)).isNull();
    }

    @Test
    void aFieldEventFromAnotherCrewIsDeadLettered() throws IOException {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        pipe(dispatched);
        Job before = jobs.get(COMPLAINT);

        Event<FieldEvent> acknowledged = byCrew(dispatched, new JobAcknowledged("dlh-2", REPORTED), 300);
        pipe(acknowledged);

        assertDeadLetter("field", 0, acknowledged, "crew dlh-2 is not the crew complaint c-0001 is assigned to (dlh-1)");
        assertThat(jobs.get(COMPLAINT)).isEqualTo(before);
    }

    @Test
    void anEventAppliedAgainChangesNothing() {
        Event<ComplaintDispatched> dispatched = dispatchedTo("dlh-1", COMPLAINT);
        Event<FieldEvent> acknowledged = byCrew(dispatched, new JobAcknowledged("dlh-1", REPORTED), 300);
        Event<FieldEvent> resolved = byCrew(dispatched, new JobResolved("dlh-1", "selesai", null, REPORTED), 900);
        Stream.of(dispatched, acknowledged, resolved).forEach(this::pipe);
        Job resolvedJob = jobs.get(COMPLAINT);

        pipe(dispatched);
        pipe(acknowledged);

        assertThat(jobs.get(COMPLAINT)).isEqualTo(resolvedJob);
        assertThat(deadLetters.isEmpty()).isTrue();
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
        assertThat(attendance.get("dlh-1/2025-03-04")).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private void pipe(Event<?> event) {
        if (event.data() instanceof FieldEvent) {
            field.pipeInput(event.subjectId(), EventCodec.encode(event));
            fieldOffset++;
        } else {
            dispatch.pipeInput(event.subjectId(), EventCodec.encode(event));
        }
    }

    private static FieldEvent payload(JobStatus status, String crewId) {
        return switch (status) {
            case ACKNOWLEDGED -> new JobAcknowledged(crewId, REPORTED);
            case EN_ROUTE -> new JobEnRoute(crewId, REPORTED);
            case ON_SCENE -> new JobOnScene(crewId, REPORTED);
            case RESOLVED -> new JobResolved(crewId, "selesai", null, REPORTED);
            case DECLINED -> new JobDeclined(crewId, "lacking-equipment", null, REPORTED);
            case CANNOT_FIX -> new JobCannotFix(crewId, "PUPR", "perlu alat berat", REPORTED);
            case DISPATCHED -> throw new IllegalArgumentException("a crew does not dispatch");
        };
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

    private static Job.Step dispatchStep(Event<ComplaintDispatched> dispatched, String crewId) {
        return new Job.Step(JobStatus.DISPATCHED, dispatched.eventId(), crewId, dispatched.occurredAt(),
                dispatched.occurredAt(), dispatched.data().reason());
    }

    private static Event<ComplaintDispatched> dispatchedTo(String crewId, String complaintId) {
        return dispatchedTo(crewId, complaintId, 60);
    }

    private static Event<ComplaintDispatched> dispatchedTo(String crewId, String complaintId, long secondsAfterReport) {
        return Event.of(new ComplaintDispatched(crewId, "DLH", 1250.0, 0, "nearest free tree-clearing crew"),
                "madiun", complaintId, Actor.system("dispatcher"), "corr-" + complaintId, REPORTED.plusSeconds(secondsAfterReport));
    }

    private static Event<FieldEvent> byCrew(Event<ComplaintDispatched> dispatched, FieldEvent payload, long secondsAfterReport) {
        return dispatched.followedBy(payload, new Actor(ActorRole.CREW, payload.crewId()), REPORTED.plusSeconds(secondsAfterReport));
    }

    private static Event<CrewEvent> crewEvent(CrewEvent payload, Instant at) {
        return Event.of(payload, "madiun", payload.crewId(), new Actor(ActorRole.CREW, payload.crewId()), "corr-shift", at);
    }
}
