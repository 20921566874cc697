package siaga.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import siaga.archive.ArchiveService;
import siaga.archive.ingest.ArchiveBatch;
import siaga.archive.ingest.ArchiveWriter;
import siaga.contracts.Actor;
import siaga.contracts.EventTopic;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Topics;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ClockResumed;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.db.Database;
import siaga.runtime.SiagaConfig;
import siaga.sla.SlaMonitorConfig;
import siaga.sla.SlaTopology;
import siaga.sla.summary.DimensionSummary;
import siaga.sla.summary.SlaWindow;
import siaga.sla.summary.StageHistogram;
import siaga.testing.TestDatabase;

/**
 * Issue 7's "proven right": a simulated week (Monday 21 to Sunday 27 December 2026, Christmas Day a holiday in
 * both cities) of complaints in Kota Madiun (WIB) and Kota Banjarbaru (WITA), of every category, working-hours
 * and 24/7, some queued before dispatch, some paused and resumed, some never on scene or never closed, goes through
 * the SLA monitor's topology and into the archive (every complaint event and every SLA event the monitor wrote,
 * through the archive's own writer). Then {@code infra/db/proof/sla-figures.sql}, which knows only the events and
 * the calendars, must give every count and compliance percent of the monitor's category aggregates over 30 days
 * exactly and every p50/p90/p99 within the histograms' 0.1%; and the paused time the monitor reported on the
 * archived completions must be the paused time SQL finds. And {@code siaga sla what-if} measures the archived week
 * of Madiun again under a draft (every dispatch target halved) beside what the monitor measured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlaWeekProofIT {
    private static final ReferenceCatalog REFERENCE = ReferenceCatalog.demo();
    private static final Instant WEEK = LocalDateTime.parse("2026-12-21T00:00").toInstant(ZoneOffset.ofHours(7));
    private static final Instant NOW = Instant.parse("2027-01-10T00:00:00Z");
    private static final int COMPLAINTS = 300;

    private TestDatabase db;
    private HikariDataSource dataSource;
    /** The monitor's 30-day category aggregates, per {@code <jurisdiction>/<category>/<stage>}. */
    private final Map<String, DimensionSummary.StageFigures> monitored = new TreeMap<>();

    /** The week through the monitor, then its events and the monitor's SLA events into a fresh archive. */
    @BeforeAll
    void measureAndArchiveTheWeek() throws Exception {
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(SiagaConfig.of(Map.of()));
        dataSource = Database.dataSource(config, "sla-proof-it", 2);
        Database.migrate(dataSource, config, ArchiveService.NAME);
        Path stateDir = Files.createTempDirectory("sla-week-proof-");
        List<Written> week = simulatedWeek(new Random(21));
        List<Written> sla = new ArrayList<>();
        SlaMonitorConfig settings = SlaMonitorConfig.from(SiagaConfig.of(Map.of(SiagaConfig.STATE_DIR, stateDir.toString())));
        try (TopologyTestDriver monitor = new TopologyTestDriver(SlaTopology.build(REFERENCE, Clock.fixed(NOW, ZoneOffset.UTC),
                settings.catchUp()), settings.streams(), WEEK)) {
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            for (Written w : week) {
                inputs.computeIfAbsent(w.topic(), t -> monitor.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(w.key(), w.value(), w.at());
            }
            assertThat(monitor.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer())
                    .isEmpty()).as("the simulated week breaks no rule").isTrue();
            for (var record : monitor.createOutputTopic(Topics.SLA.name(), new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList()) {
                sla.add(new Written(Topics.SLA.name(), record.key, record.value, NOW));
            }
            KeyValueStore<String, StageHistogram> buckets = monitor.getKeyValueStore(SlaTopology.BUCKET_STORE);
            KeyValueStore<String, Long> open = monitor.getKeyValueStore(SlaTopology.OPEN_BY_DIMENSION_STORE);
            try (var b = buckets.prefixScan("category|", new StringSerializer()); var o = open.prefixScan("category|", new StringSerializer())) {
                for (DimensionSummary summary : DimensionSummary.over(b, o, EnumSet.of(SlaWindow.MONTH), NOW,
                        j -> REFERENCE.get(j).jurisdiction().timeZone())) {
                    summary.stages().forEach((stage, figures) -> {
                        if (figures.count() > 0) {
                            monitored.put(summary.jurisdiction() + "/" + summary.value() + "/" + stage, figures);
                        }
                    });
                }
            }
        }
        archive(week, sla);
    }

    @AfterAll
    void dropSchema() {
        dataSource.close();
        db.close();
    }

    @Test
    void sqlOverTheArchivedWeekGivesTheMonitorsCountsCompliancePercentilesAndPausedTime() throws Exception {
        Map<String, SlaProof.Figures> bySql;
        Map<String, Long> pausedReported = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            bySql = SlaProof.compute(c, REFERENCE);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select jurisdiction, category, stage,"
                    + " sum(paused_millis) from sla_outcomes where outcome in ('met', 'corrected') group by 1, 2, 3")) {
                while (rs.next()) {
                    pausedReported.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getLong(4));
                }
            }
        }

        assertThat(bySql.keySet()).as("every stage of every category of both cities was completed")
                .hasSize(2 * 5 * 7).isEqualTo(monitored.keySet());
        bySql.forEach((key, exact) -> {
            DimensionSummary.StageFigures m = monitored.get(key);
            assertThat(m.count()).as(key + " count").isEqualTo(exact.count());
            assertThat(m.compliancePercent()).as(key + " compliance").isEqualTo(exact.compliancePercent());
            SlaProof.assertPercentile(key + " p50", m.p50Millis(), exact.p50Millis());
            SlaProof.assertPercentile(key + " p90", m.p90Millis(), exact.p90Millis());
            SlaProof.assertPercentile(key + " p99", m.p99Millis(), exact.p99Millis());
            assertThat(pausedReported.get(key)).as(key + " paused time on the archived completions").isEqualTo(exact.pausedMillis());
        });
        assertThat(bySql.values().stream().mapToLong(SlaProof.Figures::pausedMillis).sum()).as("the week has pauses").isPositive();
        assertThat(bySql.values().stream().mapToDouble(SlaProof.Figures::compliancePercent).filter(p -> p < 100).count())
                .as("and missed targets").isPositive();
    }

    @Test
    void whatIfMeasuresTheArchivedWeekAgainUnderADraftBesideWhatWasMeasured() throws Exception {
        ReferenceData madiun = REFERENCE.get("madiun");
        ReferenceData draft = new ReferenceData(madiun.jurisdiction(), madiun.districts(), madiun.departments(),
                madiun.categories().stream().map(c -> new ReferenceData.Category(c.code(), c.name(), c.department(), c.skill(),
                        c.priority(), new ReferenceData.SlaTargets(c.sla().dispatch().dividedBy(2), c.sla().acknowledge(),
                        c.sla().resolve(), c.sla().arrive()), c.slaCalendar(), Map.of(), c.policyVersion() + 1, c.duplicate(),
                        c.pauseReasons(), c.attributes())).toList(), madiun.crews(), madiun.users(), madiun.integrators());

        SlaCommand.Report report = SlaCommand.evaluate(dataSource, REFERENCE, draft, LocalDate.parse("2026-12-21"),
                LocalDate.parse("2026-12-27"));

        assertThat(report.complaints()).isEqualTo(COMPLAINTS / 2);
        assertThat(report.rejected()).isZero();
        assertThat(report.measured().keySet()).as("what was measured: the archived outcomes, as the monitor aggregated them")
                .isEqualTo(report.draft().keySet()).allMatch(k -> k.startsWith("madiun/"));
        report.measured().forEach((key, then) -> {
            DimensionSummary.StageFigures live = monitored.get(key);
            assertThat(then.count()).as(key).isEqualTo(live.count());
            assertThat(then.compliancePercent()).as(key).isEqualTo(live.compliancePercent());
            SlaCommand.Figures drafted = report.draft().get(key);
            assertThat(drafted.count()).as(key + ": the same completions").isEqualTo(then.count());
            SlaProof.assertPercentile(key + ": the same times", drafted.p50Millis(), then.p50Millis());
            if (key.endsWith("/dispatch")) {
                assertThat(drafted.compliancePercent()).as(key + ": half the target").isLessThan(then.compliancePercent());
            } else {
                assertThat(drafted.compliancePercent()).as(key + ": an unchanged target").isEqualTo(then.compliancePercent());
            }
        });
        assertThat(report.text()).contains("madiun, 2026-12-21 to 2026-12-27: 150 complaints");
    }

    /** One record as written to a topic at {@code at}. */
    private record Written(String topic, String key, byte[] value, Instant at) {
    }

    /**
     * Complaints reported at random through the week, alternately in each city, of a random category at its
     * default priority; each stage done after a random share (0.2 to 1.6) of its target in elapsed time, so that
     * working-hours stages straddle nights, the weekend and the holiday and some miss their targets.
     */
    private static List<Written> simulatedWeek(Random random) {
        List<Written> week = new ArrayList<>();
        List<ReferenceData> cities = REFERENCE.list();
        for (int i = 0; i < COMPLAINTS; i++) {
            ReferenceData city = cities.get(i % cities.size());
            ReferenceData.Category category = city.categories().get(random.nextInt(city.categories().size()));
            ReferenceData.SlaTargets targets = category.targetsFor(category.priority());
            String id = UUID.nameUUIDFromBytes(("sla-week-" + i).getBytes()).toString();
            Instant at = WEEK.plusSeconds(random.nextInt(7 * 24 * 3600));
            Event<ComplaintReported> report = Event.of(new ComplaintReported("%s-2026-%06d".formatted(city.jurisdiction().ticketPrefix(), 700_000 + i),
                            category.code(), category.department(), category.priority(), new GeoPoint(-7.63, 111.52), "Jl. Uji " + i,
                            "keluhan uji", new Reporter("Warga " + i, "0812000" + (1000 + i)), city.districts().get(0).id(), null, "phone"),
                    city.jurisdiction().id(), id, new Actor(ActorRole.OPERATOR, "op-proof"), "corr-" + id, at);
            String crew = city.crews().stream().filter(c -> c.canHandle(category)).findFirst().orElseThrow().id();
            week.add(written(Topics.COMPLAINTS, report));
            Instant dispatchedAt = at.plus(share(random, targets.dispatch()));
            if (random.nextInt(6) == 0) {
                week.add(written(Topics.DISPATCH, report.followedBy(new ComplaintQueued(category.department(),
                        "no crew free"), Actor.system("dispatcher"), at.plusSeconds(10))));
                dispatchedAt = dispatchedAt.plusSeconds(10);
            }
            week.add(written(Topics.DISPATCH, report.followedBy(new ComplaintDispatched(crew, category.department(), 500.0, 0,
                    "nearest free crew"), Actor.system("dispatcher"), dispatchedAt)));
            Actor crewActor = new Actor(ActorRole.CREW, crew);
            Instant acknowledgedAt = dispatchedAt.plus(share(random, targets.acknowledge()));
            week.add(written(Topics.FIELD, report.followedBy(new JobAcknowledged(crew, acknowledgedAt), crewActor, acknowledgedAt)));
            Instant last = acknowledgedAt;
            if (random.nextInt(5) > 0) {
                last = acknowledgedAt.plus(share(random, targets.arrive()));
                week.add(written(Topics.FIELD, report.followedBy(new JobOnScene(crew, last), crewActor, last)));
            }
            if (!category.pauseReasons().isEmpty() && random.nextInt(4) == 0) {
                Instant pausedAt = last.plusSeconds(60 + random.nextInt(3600));
                Instant resumedAt = pausedAt.plusSeconds(600 + random.nextInt(20 * 3600));
                Actor operator = new Actor(ActorRole.OPERATOR, "op-proof");
                week.add(written(Topics.COMPLAINTS, report.followedBy(new ClockPaused(category.pauseReasons().get(
                        random.nextInt(category.pauseReasons().size())), "menunggu"), operator, pausedAt)));
                week.add(written(Topics.COMPLAINTS, report.followedBy(new ClockResumed("lanjut"), operator, resumedAt)));
                last = resumedAt;
            }
            Instant resolvedAt = last.plus(share(random, targets.resolve()));
            week.add(written(Topics.FIELD, report.followedBy(new JobResolved(crew, "selesai", null, resolvedAt), crewActor, resolvedAt)));
            if (random.nextInt(10) < 7) {
                Instant closedAt = resolvedAt.plusSeconds(3600 + random.nextInt(5 * 24 * 3600));
                week.add(written(Topics.COMPLAINTS, report.followedBy(new ComplaintClosed("ditutup"),
                        new Actor(ActorRole.OPERATOR, "op-proof"), closedAt)));
            }
        }
        week.sort(Comparator.comparing(Written::at));
        return week;
    }

    private static Duration share(Random random, Duration target) {
        return Duration.ofSeconds(Math.round(target.toSeconds() * (0.2 + 1.4 * random.nextDouble())));
    }

    private static <P extends EventPayload> Written written(EventTopic<? super P> topic, Event<P> event) {
        return new Written(topic.name(), event.subjectId(), encode(topic, event), event.occurredAt());
    }

    @SuppressWarnings("unchecked")
    private static <T extends EventPayload> byte[] encode(EventTopic<T> topic, Event<?> event) {
        return topic.encode((Event<? extends T>) event);
    }

    /** Through the archive's own writer, as its consumer would after reading these records from partition 0. */
    private void archive(List<Written> week, List<Written> sla) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, Long> offsets = new HashMap<>();
        List<Written> all = new ArrayList<>(week);
        all.addAll(sla);
        for (Written w : all) {
            long offset = offsets.merge(w.topic(), 1L, Long::sum) - 1;
            records.add(new ConsumerRecord<>(w.topic(), 0, offset, w.key(), w.value()));
        }
        ArchiveWriter writer = new ArchiveWriter(dataSource);
        writer.prepare(WEEK);
        ArchiveBatch batch = ArchiveBatch.of(records);
        assertThat(batch.refused()).isEmpty();
        List<TopicPartition> partitions = List.copyOf(batch.nextOffsets().keySet());
        writer.write(batch, writer.loadOffsets(partitions), NOW);
    }
}
