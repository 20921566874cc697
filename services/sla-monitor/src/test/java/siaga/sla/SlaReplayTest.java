package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.sla.Complaints.JURISDICTION;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import siaga.contracts.Event;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.SlaEvent;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.contracts.reference.ReferenceData.SlaTargets;
import siaga.runtime.SiagaConfig;
import siaga.sla.summary.SlaSummary;
import siaga.sla.summary.StageHistogram;
import siaga.sla.timeline.ComplaintTimeline;

/**
 * A policy change is applied to history by replaying it: the monitor freezes a complaint's targets when it
 * reads the report, so a running monitor measures complaints already reported by the old policy; an application
 * reset (input offsets back to the earliest, internal topics and local state deleted) followed by a run with
 * the new reference data recomputes every outcome with the new targets. Here the reset is a new driver on a
 * fresh state directory fed the same records.
 *
 * <p>The expected outcomes are computed from the targets alone ({@link #measured}), not by the monitor's code:
 * a stage done within its target (at it exactly counts as within) is met; one done later is breached at
 * report + target, then met outside it. The driver's wall clock does not move, as in a replay whose
 * completions are read before any alarm rings.
 */
class SlaReplayTest {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    /**
     * The stages this input completes and this test compares; arrive is never reached (no crew reports on scene) and
     * the administrative stages do not depend on the field targets the policies change.
     */
    private static final Set<SlaStage> FIELD_STAGES = EnumSet.of(SlaStage.DISPATCH, SlaStage.ACKNOWLEDGE, SlaStage.RESOLVE);
    private static final ReferenceCatalog POLICY_A = ReferenceCatalog.demo();
    /** Fallen trees must now be dispatched within 3 min (was 5) and acknowledged within 10 (was 15); resolve stays 4 h. */
    private static final ReferenceCatalog POLICY_B = withTargets("fallen-tree",
            new SlaTargets(Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofHours(4)));

    @TempDir
    Path firstState;
    @TempDir
    Path replayState;

    /** One complaint of the fixed input: its report and when each stage was done, after the report. */
    private record Case(Event<ComplaintReported> report, Duration dispatch, Duration acknowledge, Duration resolve) {
        Duration elapsed(SlaStage stage) {
            return switch (stage) {
                case DISPATCH -> dispatch;
                case ACKNOWLEDGE -> acknowledge;
                case RESOLVE -> resolve;
                default -> throw new IllegalArgumentException(stage + " is not in this input");
            };
        }
    }

    private static final List<Case> INPUT = List.of(
            tree("T-1", 0, Duration.ofMinutes(2), Duration.ofMinutes(8), Duration.ofHours(1)),
            tree("T-2", 1, Duration.ofMinutes(4), Duration.ofMinutes(9), Duration.ofHours(2)),
            tree("T-3", 2, Duration.ofMinutes(3), Duration.ofMinutes(12), Duration.ofHours(3)),
            tree("T-4", 3, Duration.ofMinutes(6), Duration.ofMinutes(20), Duration.ofHours(5)),
            tree("T-5", 4, Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(4)),
            new Case(Complaints.aFire("F-1", T0.plus(Duration.ofMinutes(5))), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(1)),
            new Case(Complaints.aFire("F-2", T0.plus(Duration.ofMinutes(6))), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofHours(3)),
            new Case(Complaints.reported("W-1", "flood", "BPBD", 1, T0.plus(Duration.ofMinutes(7))),
                    Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(5)),
            new Case(Complaints.reported("W-2", "flood", "BPBD", 1, T0.plus(Duration.ofMinutes(8))),
                    Duration.ofMinutes(3), Duration.ofMinutes(12), Duration.ofHours(7)));

    /** What a run published, and the share within target per category of dispatch, acknowledge and resolve. */
    private record Outcome(Map<UUID, SlaEvent> facts, Map<String, List<Double>> compliance) {
    }

    @Test
    void replayingFromScratchWithAChangedPolicyRemeasuresEveryComplaintByIt() {
        Outcome first = run(POLICY_A, firstState);
        Outcome replayed = run(POLICY_B, replayState);

        assertThat(first.facts()).isEqualTo(measured(POLICY_A));
        assertThat(replayed.facts()).isEqualTo(measured(POLICY_B));
        assertThat(verdictsChanged(first.facts(), replayed.facts()))
                .as("only where a fallen tree's stage fell between its old and new target")
                .containsExactly("T-2|dispatch", "T-3|acknowledge", "T-5|acknowledge", "T-5|dispatch");
        assertThat(factsOf(replayed.facts(), "F-1", "F-2", "W-1", "W-2")).as("fire and flood measured as before")
                .isEqualTo(factsOf(first.facts(), "F-1", "F-2", "W-1", "W-2")).hasSize(18);
        assertThat(first.compliance()).isEqualTo(Map.of(
                "fallen-tree", List.of(80.0, 80.0, 80.0),
                "fire", List.of(50.0, 50.0, 50.0),
                "flood", List.of(50.0, 50.0, 50.0)));
        assertThat(replayed.compliance()).isEqualTo(Map.of(
                "fallen-tree", List.of(40.0, 40.0, 80.0),
                "fire", List.of(50.0, 50.0, 50.0),
                "flood", List.of(50.0, 50.0, 50.0)));
    }

    private static Case tree(String id, int minute, Duration dispatch, Duration acknowledge, Duration resolve) {
        return new Case(Complaints.aFallenTree(id, T0.plus(Duration.ofMinutes(minute))), dispatch, acknowledge, resolve);
    }

    private static Outcome run(ReferenceCatalog reference, Path stateDir) {
        try (TopologyTestDriver driver = replay(reference, stateDir)) {
            return new Outcome(facts(driver), compliance(summary(driver)));
        }
    }

    /** A monitor with no state reading the whole input from its first record. */
    private static TopologyTestDriver replay(ReferenceCatalog reference, Path stateDir) {
        Instant end = T0.plus(Duration.ofHours(12));
        var config = SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString()));
        SlaMonitorConfig settings = SlaMonitorConfig.from(config);
        TopologyTestDriver driver = new TopologyTestDriver(SlaTopology.build(reference, Clock.fixed(end, ZoneOffset.UTC),
                settings.catchUp()), settings.streams(), end);
        assertThat(driver.<String, ComplaintTimeline>getKeyValueStore(SlaTopology.TIMELINE_STORE).approximateNumEntries())
                .as("a reset monitor starts from empty stores").isZero();
        var complaints = driver.createInputTopic(Topics.COMPLAINTS.name(), new StringSerializer(), new ByteArraySerializer());
        var dispatch = driver.createInputTopic(Topics.DISPATCH.name(), new StringSerializer(), new ByteArraySerializer());
        var field = driver.createInputTopic(Topics.FIELD.name(), new StringSerializer(), new ByteArraySerializer());
        for (Case c : INPUT) {
            Event<ComplaintReported> report = c.report();
            Instant at = report.occurredAt();
            complaints.pipeInput(report.subjectId(), Topics.COMPLAINTS.encode(report));
            dispatch.pipeInput(report.subjectId(), Topics.DISPATCH.encode(Complaints.dispatched(report, at.plus(c.dispatch()))));
            field.pipeInput(report.subjectId(), Topics.FIELD.encode(Complaints.acknowledged(report, at.plus(c.acknowledge()))));
            field.pipeInput(report.subjectId(), Topics.FIELD.encode(Complaints.resolved(report, at.plus(c.resolve()))));
        }
        assertThat(driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer()).isEmpty()).isTrue();
        return driver;
    }

    /** The facts the input must give under {@code reference}, from the targets alone. */
    private static Map<UUID, SlaEvent> measured(ReferenceCatalog reference) {
        Map<UUID, SlaEvent> facts = new HashMap<>();
        for (Case c : INPUT) {
            ComplaintReported report = c.report().data();
            String id = c.report().subjectId();
            Instant reportedAt = c.report().occurredAt();
            SlaTargets targets = reference.get(JURISDICTION).findCategory(report.category()).orElseThrow().targetsFor(report.priority());
            for (SlaStage stage : FIELD_STAGES) {
                Duration target = switch (stage) {
                    case DISPATCH -> targets.dispatch();
                    case ACKNOWLEDGE -> targets.acknowledge();
                    case RESOLVE -> targets.resolve();
                    default -> throw new IllegalArgumentException(stage + " is not measured");
                };
                Duration elapsed = c.elapsed(stage);
                boolean within = elapsed.compareTo(target) <= 0;
                if (!within) {
                    facts.put(ComplaintTimeline.factId(id, StageBreached.class, stage), new StageBreached(stage, report.category(),
                            report.department(), reportedAt, reportedAt.plus(target), target.toMillis()));
                }
                facts.put(ComplaintTimeline.factId(id, StageMet.class, stage), new StageMet(stage, report.category(),
                        report.department(), reportedAt, reportedAt.plus(elapsed), elapsed.toMillis(), target.toMillis(), within));
            }
        }
        return facts;
    }

    private static Set<String> verdictsChanged(Map<UUID, SlaEvent> before, Map<UUID, SlaEvent> after) {
        Set<String> changed = new TreeSet<>();
        for (Case c : INPUT) {
            for (SlaStage stage : FIELD_STAGES) {
                UUID met = ComplaintTimeline.factId(c.report().subjectId(), StageMet.class, stage);
                if (((StageMet) before.get(met)).withinTarget() != ((StageMet) after.get(met)).withinTarget()) {
                    changed.add(c.report().subjectId() + "|" + stage.wireName());
                }
            }
        }
        return changed;
    }

    private static Map<UUID, SlaEvent> factsOf(Map<UUID, SlaEvent> facts, String... complaintIds) {
        Map<UUID, SlaEvent> kept = new HashMap<>();
        for (String id : complaintIds) {
            for (SlaStage stage : FIELD_STAGES) {
                for (UUID eventId : List.of(ComplaintTimeline.factId(id, StageBreached.class, stage),
                        ComplaintTimeline.factId(id, StageMet.class, stage))) {
                    if (facts.containsKey(eventId)) {
                        kept.put(eventId, facts.get(eventId));
                    }
                }
            }
        }
        return kept;
    }

    private static Map<UUID, SlaEvent> facts(TopologyTestDriver driver) {
        Map<UUID, SlaEvent> facts = new LinkedHashMap<>();
        for (byte[] value : driver.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()) {
            try {
                Event<SlaEvent> event = Topics.SLA.decode(value);
                if (FIELD_STAGES.contains(event.data().stage())) {
                    assertThat(facts.put(event.eventId(), event.data())).as("%s published once", event.eventId()).isNull();
                }
            } catch (InvalidEventException e) {
                throw new AssertionError("the monitor wrote an invalid event: " + e.getMessage(), e);
            }
        }
        return facts;
    }

    private static SlaSummary summary(TopologyTestDriver driver) {
        Instant to = T0.plus(Duration.ofHours(12));
        KeyValueStore<String, StageHistogram> buckets = driver.getKeyValueStore(SlaTopology.BUCKET_STORE);
        try (var all = buckets.all()) {
            return SlaSummary.over("24h", to.minus(Duration.ofHours(24)), to, all);
        }
    }

    /** Per category, the share within target of dispatch, acknowledge and resolve. */
    private static Map<String, List<Double>> compliance(SlaSummary summary) {
        Map<String, List<Double>> shares = new TreeMap<>();
        for (SlaSummary.CategorySummary category : summary.categories()) {
            shares.put(category.category(), List.of(category.stages().get("dispatch").withinTargetPercent(),
                    category.stages().get("acknowledge").withinTargetPercent(), category.stages().get("resolve").withinTargetPercent()));
        }
        return shares;
    }

    private static ReferenceCatalog withTargets(String categoryCode, SlaTargets targets) {
        ReferenceData demo = ReferenceData.demo();
        List<Category> categories = demo.categories().stream().map(c -> !c.code().equals(categoryCode) ? c
                : new Category(c.code(), c.name(), c.department(), c.skill(), c.priority(), targets, c.slaCalendar(),
                        c.priorityTargets(), c.policyVersion() + 1)).toList();
        return new ReferenceCatalog(List.of(new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), categories,
                demo.crews(), demo.users(), demo.integrators())));
    }
}
