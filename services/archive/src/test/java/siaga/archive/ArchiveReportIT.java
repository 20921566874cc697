package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.Json;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * {@code GET /api/reports/{dimension}} over a small, hand-counted city in Madiun's zone (UTC+7), the archive's
 * clock fixed at 4 March 2026 12:00 local:
 * <ul>
 *   <li>A, a street light (DISHUB, Kartoharjo), reported 1 March 20:00, dispatched to dishub-1, never resolved;</li>
 *   <li>B, a street light (Kartoharjo), reported 2 March 08:00, dispatched 08:02 to dishub-1, acknowledged 08:10,
 *       resolved 10:00, every stage within target;</li>
 *   <li>C, a street light (Manguharjo), reported 2 March 22:00, dispatched 22:30 to dishub-2 (breached at 22:15),
 *       acknowledged 3 March 01:00 (breached 2 March 22:30), resolved 3 March 09:00 (breached 02:00);</li>
 *   <li>D, a fallen tree (DLH, Taman), reported 3 March 07:00, queued;</li>
 *   <li>E, a fallen tree placed in no kecamatan, reported 3 March 12:00, dispatched 12:03 to dlh-1, acknowledged 12:20;</li>
 *   <li>shifts: dishub-1 2 March 07:00–19:00, dishub-2 2 March 21:00 – 3 March 09:30, dlh-1 from 3 March 06:00, still on.</li>
 * </ul>
 * Targets: street lights dispatch 15 min, acknowledge 30 min, resolve 4 h; fallen trees dispatch 10 min, acknowledge 30 min.
 */
class ArchiveReportIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ZoneId MADIUN = ZoneId.of("Asia/Jakarta");
    static final Instant NOW = local("2026-03-04T12:00");
    static TestKafka kafka;
    static TestDatabase db;
    static ServiceHost host;
    static int port;
    static DemoUsers users;
    static final HttpClient http = HttpClient.newHttpClient();
    static final List<Long> floodDispatchMillis = new ArrayList<>();
    static long floodWithinTarget;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(kafka.config());
        host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(),
                List.of(new ArchiveService(config, ReferenceCatalog.demo(), Clock.fixed(NOW, ZoneOffset.UTC))));
        port = host.start(0);
        users = new DemoUsers(URI.create("http://localhost:" + port));

        Duration lightDispatch = Duration.ofMinutes(15);
        Duration acknowledge = Duration.ofMinutes(30);
        Duration lightResolve = Duration.ofHours(4);
        Duration treeDispatch = Duration.ofMinutes(10);
        Complaint a = Complaint.reported("MDN-2026-000401", "street-light-out", "DISHUB", "kartoharjo", "081211110001", local("2026-03-01T20:00"));
        Complaint b = Complaint.reported("MDN-2026-000402", "street-light-out", "DISHUB", "kartoharjo", "081211110002", local("2026-03-02T08:00"));
        Complaint c = Complaint.reported("MDN-2026-000403", "street-light-out", "DISHUB", "manguharjo", "081211110003", local("2026-03-02T22:00"));
        Complaint d = Complaint.reported("MDN-2026-000404", "fallen-tree", "DLH", "taman", "081211110004", local("2026-03-03T07:00"));
        Complaint e = Complaint.reported("MDN-2026-000405", "fallen-tree", "DLH", null, "081211110005", local("2026-03-03T12:00"));
        List<Event<?>> events = new ArrayList<>(List.of(
                Complaint.shiftStarted("dishub-1", "DISHUB", local("2026-03-01T19:00")),
                Complaint.shiftEnded("dishub-1", "DISHUB", local("2026-03-01T21:00")),
                Complaint.shiftStarted("dishub-1", "DISHUB", local("2026-03-02T07:00")),
                Complaint.shiftEnded("dishub-1", "DISHUB", local("2026-03-02T19:00")),
                Complaint.shiftStarted("dishub-2", "DISHUB", local("2026-03-02T21:00")),
                Complaint.shiftEnded("dishub-2", "DISHUB", local("2026-03-03T09:30")),
                Complaint.shiftStarted("dlh-1", "DLH", local("2026-03-03T06:00")),
                a.reported(), a.dispatched("dishub-1", local("2026-03-01T20:05")),
                a.met(SlaStage.DISPATCH, local("2026-03-01T20:05"), lightDispatch),
                b.reported(), b.dispatched("dishub-1", local("2026-03-02T08:02")),
                b.acknowledged("dishub-1", local("2026-03-02T08:10")), b.resolved("dishub-1", local("2026-03-02T10:00")),
                b.met(SlaStage.DISPATCH, local("2026-03-02T08:02"), lightDispatch),
                b.met(SlaStage.ACKNOWLEDGE, local("2026-03-02T08:10"), acknowledge),
                b.met(SlaStage.RESOLVE, local("2026-03-02T10:00"), lightResolve),
                b.metAfterPause(SlaStage.FOLLOW_UP, local("2026-03-02T10:00"), Duration.ofDays(5), Duration.ofMinutes(30)),
                c.reported(), c.dispatched("dishub-2", local("2026-03-02T22:30")),
                c.acknowledged("dishub-2", local("2026-03-03T01:00")), c.resolved("dishub-2", local("2026-03-03T09:00")),
                c.breached(SlaStage.DISPATCH, lightDispatch), c.met(SlaStage.DISPATCH, local("2026-03-02T22:30"), lightDispatch),
                c.breached(SlaStage.ACKNOWLEDGE, acknowledge), c.met(SlaStage.ACKNOWLEDGE, local("2026-03-03T01:00"), acknowledge),
                c.breached(SlaStage.RESOLVE, lightResolve), c.met(SlaStage.RESOLVE, local("2026-03-03T09:00"), lightResolve),
                d.reported(), d.queued(local("2026-03-03T07:01")),
                e.reported(), e.dispatched("dlh-1", local("2026-03-03T12:03")), e.acknowledged("dlh-1", local("2026-03-03T12:20")),
                e.met(SlaStage.DISPATCH, local("2026-03-03T12:03"), treeDispatch),
                e.met(SlaStage.ACKNOWLEDGE, local("2026-03-03T12:20"), acknowledge)));
        // 41 floods on 5 March, dispatched in between 1 and 40 minutes against a 20-minute target
        Random random = new Random(8);
        for (int i = 0; i < 41; i++) {
            Instant reportedAt = local("2026-03-05T06:00").plus(Duration.ofMinutes(15L * i));
            Complaint flood = Complaint.reported("MDN-2026-%06d".formatted(500 + i), "flood", "BPBD", "taman", "0812", reportedAt);
            Event<StageMet> met = flood.met(SlaStage.DISPATCH, reportedAt.plusSeconds(60 + random.nextInt(39 * 60)),
                    Duration.ofMinutes(20));
            floodDispatchMillis.add(met.data().elapsedMillis());
            floodWithinTarget += met.data().withinTarget() ? 1 : 0;
            events.add(met);
        }
        try (EventSender sender = new EventSender(config)) {
            sender.send(events);
            Await.until("every event archived", WAIT, () -> sender.allArchived(db));
        }
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void reportsEachDepartmentPerDayInTheJurisdictionsZone() throws Exception {
        JsonNode report = ok("/api/reports/department?period=day&from=2026-03-02&to=2026-03-03");

        assertThat(report).isEqualTo(Json.MAPPER.readTree("""
                {"dimension": "department", "period": "day", "jurisdiction": "madiun", "timeZone": "Asia/Jakarta",
                 "from": "2026-03-02", "to": "2026-03-03", "rows": [
                  %s, %s, %s, %s]}""".formatted(
                row("2026-03-02", "DISHUB", 2, "0,0,0,0,2,0,0,0,0,0", 2,
                        stage(2, 1, 50.0, 1, 120_000L, 1_800_000L), stage(1, 1, 100.0, 1, 600_000L, 600_000L),
                        stage(1, 1, 100.0, 0, 7_200_000L, 7_200_000L), stage(1, 1, 100.0, 0, 5_400_000L, 5_400_000L, 1_800_000),
                        "{\"crewsOnShift\": 2, \"crewDaysOnShift\": 2}"),
                row("2026-03-02", "DLH", 0, "0,0,0,0,0,0,0,0,0,0", 0, NONE, NONE, NONE, NONE, "{\"crewsOnShift\": 0, \"crewDaysOnShift\": 0}"),
                row("2026-03-03", "DISHUB", 0, "0,0,0,0,0,0,0,0,0,0", 1, NONE,
                        stage(1, 0, 0.0, 0, 10_800_000L, 10_800_000L), stage(1, 0, 0.0, 1, 39_600_000L, 39_600_000L), NONE,
                        "{\"crewsOnShift\": 1, \"crewDaysOnShift\": 1}"),
                row("2026-03-03", "DLH", 2, "0,1,0,1,0,0,0,0,0,0", 2, stage(1, 1, 100.0, 0, 180_000L, 180_000L),
                        stage(1, 1, 100.0, 0, 1_200_000L, 1_200_000L), NONE, NONE, "{\"crewsOnShift\": 1, \"crewDaysOnShift\": 1}"))));
    }

    @Test
    void downloadsTheSameReportAsCsv() throws Exception {
        HttpResponse<String> response = get("/api/reports/department?period=day&from=2026-03-02&to=2026-03-03&format=csv");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"siaga-madiun-department-day-2026-03-02-2026-03-03.csv\"");
        List<String> stageColumns = new ArrayList<>();
        for (String stage : List.of("dispatch", "acknowledge", "arrive", "resolve", "forward", "follow_up", "close")) {
            for (String figure : List.of("met", "within_target", "compliance_percent", "breached", "p50_millis", "p90_millis",
                    "paused_millis")) {
                stageColumns.add(stage + "_" + figure);
            }
        }
        String none = "0,0,,0,,,0";
        assertThat(response.body()).isEqualTo(String.join("\r\n",
                "period,start,end,department,reported,status_reported,status_queued,status_dispatched,status_acknowledged,"
                        + "status_resolved,status_closed,status_cancelled,status_merged,status_declined,status_cannot_fix,"
                        + "backlog_at_end," + String.join(",", stageColumns) + ",crews_on_shift,crew_days_on_shift",
                "2026-03-02,2026-03-02T00:00:00+07:00,2026-03-03T00:00:00+07:00,DISHUB,2,0,0,0,0,2,0,0,0,0,0,2,"
                        + "2,1,50.0,1,120000,1800000,0,1,1,100.0,1,600000,600000,0," + none + ",1,1,100.0,0,7200000,7200000,0,"
                        + none + ",1,1,100.0,0,5400000,5400000,1800000," + none + ",2,2",
                "2026-03-02,2026-03-02T00:00:00+07:00,2026-03-03T00:00:00+07:00,DLH,0,0,0,0,0,0,0,0,0,0,0,0,"
                        + String.join(",", java.util.Collections.nCopies(7, none)) + ",0,0",
                "2026-03-03,2026-03-03T00:00:00+07:00,2026-03-04T00:00:00+07:00,DISHUB,0,0,0,0,0,0,0,0,0,0,0,1,"
                        + none + ",1,0,0.0,0,10800000,10800000,0," + none + ",1,0,0.0,1,39600000,39600000,0,"
                        + String.join(",", java.util.Collections.nCopies(3, none)) + ",1,1",
                "2026-03-03,2026-03-03T00:00:00+07:00,2026-03-04T00:00:00+07:00,DLH,2,0,1,0,1,0,0,0,0,0,0,2,"
                        + "1,1,100.0,0,180000,180000,0,1,1,100.0,0,1200000,1200000,0,"
                        + String.join(",", java.util.Collections.nCopies(5, none)) + ",1,1",
                ""));
    }

    @Test
    void reportsPerCrewWeekAndKecamatanMonth() throws Exception {
        JsonNode crews = ok("/api/reports/crew?period=day&from=2026-03-02&to=2026-03-03");
        List<String> crewRows = new ArrayList<>();
        crews.get("rows").forEach(r -> crewRows.add(r.get("period").asText() + " " + r.get("key").asText()
                + " reported=" + r.get("reported") + " backlog=" + r.get("backlogAtEnd")
                + " dispatchMet=" + r.at("/sla/dispatch/met") + " onShift=" + r.at("/attendance/crewsOnShift")));
        assertThat(crewRows).containsExactly(
                "2026-03-02 dishub-1 reported=1 backlog=1 dispatchMet=1 onShift=1",
                "2026-03-02 dishub-2 reported=1 backlog=1 dispatchMet=1 onShift=1",
                "2026-03-02 dlh-1 reported=0 backlog=0 dispatchMet=0 onShift=0",
                "2026-03-03 dishub-1 reported=0 backlog=1 dispatchMet=0 onShift=0",
                "2026-03-03 dishub-2 reported=0 backlog=0 dispatchMet=0 onShift=1",
                "2026-03-03 dlh-1 reported=1 backlog=1 dispatchMet=1 onShift=1");

        JsonNode week = ok("/api/reports/category?period=week&from=2026-03-03&to=2026-03-03");
        assertThat(week.get("from").asText()).isEqualTo("2026-03-02");
        assertThat(week.get("to").asText()).isEqualTo("2026-03-08");
        List<String> weekKeys = new ArrayList<>();
        week.get("rows").forEach(r -> weekKeys.add(r.get("period").asText() + " " + r.get("key").asText()));
        assertThat(weekKeys).containsExactly("2026-W10 fallen-tree", "2026-W10 flood", "2026-W10 street-light-out");
        JsonNode lights = week.get("rows").get(2);
        assertThat(lights.get("period").asText()).isEqualTo("2026-W10");
        assertThat(lights.get("key").asText()).isEqualTo("street-light-out");
        assertThat(lights.get("reported").asLong()).isEqualTo(2);
        assertThat(lights.get("backlogAtEnd").asLong()).isEqualTo(1);
        assertThat(lights.get("sla")).isEqualTo(Json.MAPPER.readTree(("{\"dispatch\": %s, \"acknowledge\": %s, \"arrive\": %s,"
                + " \"resolve\": %s, \"forward\": %s, \"follow-up\": %s, \"close\": %s}")
                .formatted(stage(2, 1, 50.0, 1, 120_000L, 1_800_000L), stage(2, 1, 50.0, 1, 600_000L, 10_800_000L), NONE,
                        stage(2, 1, 50.0, 1, 7_200_000L, 39_600_000L), NONE,
                        stage(1, 1, 100.0, 0, 5_400_000L, 5_400_000L, 1_800_000), NONE)));
        assertThat(lights.get("attendance").isNull()).isTrue();

        JsonNode month = ok("/api/reports/kecamatan?period=month&from=2026-03-01&to=2026-03-01");
        List<String> monthRows = new ArrayList<>();
        month.get("rows").forEach(r -> monthRows.add(r.get("period").asText() + " " + r.get("key").asText()
                + " reported=" + r.get("reported") + " backlog=" + r.get("backlogAtEnd")
                + " startLocal=" + r.get("startLocal").asText() + " end=" + r.get("end").asText()));
        // E is in no kecamatan; the floods are reported only through their SLA outcomes
        assertThat(monthRows).containsExactly(
                "2026-03 kartoharjo reported=2 backlog=1 startLocal=2026-03-01T00:00:00+07:00 end=2026-03-31T17:00:00Z",
                "2026-03 manguharjo reported=1 backlog=0 startLocal=2026-03-01T00:00:00+07:00 end=2026-03-31T17:00:00Z",
                "2026-03 taman reported=1 backlog=1 startLocal=2026-03-01T00:00:00+07:00 end=2026-03-31T17:00:00Z");
    }

    @Test
    void slaFiguresEqualTheMonitorsOwnMeasureOfTheStageMetEvents() throws Exception {
        JsonNode report = ok("/api/reports/department?period=day&from=2026-03-05&to=2026-03-05");

        JsonNode bpbd = null;
        for (JsonNode row : report.get("rows")) {
            if (row.get("key").asText().equals("BPBD")) {
                bpbd = row;
            }
        }
        assertThat(bpbd).isNotNull();
        List<Long> sorted = floodDispatchMillis.stream().sorted().toList();
        assertThat(bpbd.at("/sla/dispatch")).isEqualTo(Json.MAPPER.readTree(stage(41, floodWithinTarget,
                Math.round(1000.0 * floodWithinTarget / 41) / 10.0, 0, nearestRank(sorted, 50), nearestRank(sorted, 90))));
        assertThat(floodWithinTarget).isBetween(1L, 40L);
    }

    @Test
    void refusesBadParametersNamingEach() throws Exception {
        assertProblem("/api/reports/kelurahan", "must be one of department, category, crew, kecamatan, was 'kelurahan'",
                "/dimension", "must be one of department, category, crew, kecamatan, was 'kelurahan'");
        assertProblem("/api/reports/department?period=year", "query parameter period must be one of day, week, month,"
                + " was 'year'", "/period", "must be one of day, week, month, was 'year'");
        assertProblem("/api/reports/department?from=2026-03-05&to=2026-03-01", "query parameter to must not be before from",
                "/to", "must not be before from");
        assertProblem("/api/reports/department?from=1 March", "query parameter from must be an ISO-8601 date such as"
                + " 2026-03-02, was '1 March'", "/from", "must be an ISO-8601 date such as 2026-03-02, was '1 March'");
        assertProblem("/api/reports/department?period=day&from=2025-01-01&to=2026-03-01", "the range holds more than 400"
                + " day periods; choose a shorter range or a longer period", "/from", "the range holds more than 400 day"
                + " periods; choose a shorter range or a longer period");
    }

    // the SLA monitor's percentiles are nearest-rank, like percentile_disc: the ceil(p% of n)-th smallest value
    private static long nearestRank(List<Long> sorted, int percentile) {
        return sorted.get((int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
    }

    static final String NONE = stage(0, 0, null, 0, null, null);

    private static String stage(long met, long within, Double percent, long breached, Long p50, Long p90) {
        return stage(met, within, percent, breached, p50, p90, 0);
    }

    private static String stage(long met, long within, Double percent, long breached, Long p50, Long p90, long paused) {
        return ("{\"met\": %d, \"withinTarget\": %d, \"compliancePercent\": %s, \"breached\": %d, \"p50Millis\": %s,"
                + " \"p90Millis\": %s, \"pausedMillis\": %d}").formatted(met, within, percent, breached, p50, p90, paused);
    }

    /** A day's row; no complaint here arrives on scene, is forwarded (no SLA event for it is sent) or closed. */
    private static String row(String day, String key, long reported, String statuses, long backlog, String dispatch,
                              String acknowledge, String resolve, String followUp, String attendance) {
        String[] byStatus = statuses.split(",");
        Instant start = local(day + "T00:00");
        Instant end = start.plus(Duration.ofDays(1));
        return """
                {"period": "%s", "start": "%s", "end": "%s", "startLocal": "%s", "endLocal": "%s", "key": "%s",
                 "reported": %d, "byStatus": {"reported": %s, "queued": %s, "dispatched": %s, "acknowledged": %s, "resolved": %s,
                   "closed": %s, "cancelled": %s, "merged": %s, "declined": %s, "cannot-fix": %s},
                 "backlogAtEnd": %d, "sla": {"dispatch": %s, "acknowledge": %s, "arrive": %s, "resolve": %s, "forward": %s,
                   "follow-up": %s, "close": %s}, "attendance": %s}"""
                .formatted(day, start, end, LocalTimes.format(start, MADIUN), LocalTimes.format(end, MADIUN),
                        key, reported, byStatus[0], byStatus[1], byStatus[2], byStatus[3], byStatus[4], byStatus[5],
                        byStatus[6], byStatus[7], byStatus[8], byStatus[9], backlog,
                        dispatch, acknowledge, NONE, resolve, NONE, followUp, NONE, attendance);
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(MADIUN).toInstant();
    }

    private static void assertProblem(String path, String detail, String pointer, String message) throws Exception {
        HttpResponse<String> response = get(path.replace(" ", "%20"));
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body())).as(path).isEqualTo(Json.MAPPER.readTree("""
                {"type": "https://siaga.example/problems/invalid-request", "title": "Invalid request", "status": 400,
                 "detail": %s, "errors": [{"pointer": %s, "message": %s}]}""".formatted(
                Json.MAPPER.writeValueAsString(detail), Json.MAPPER.writeValueAsString(pointer),
                Json.MAPPER.writeValueAsString(message))));
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(users.as(DemoUsers.MANAGER, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
