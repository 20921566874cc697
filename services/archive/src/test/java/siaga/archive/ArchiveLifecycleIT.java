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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.Json;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * The later lifecycle events and SLA verdicts, through the real broker into PostgreSQL and out over HTTP. Six
 * street lights (DISHUB, 15 min to dispatch, 30 min to acknowledge) on 10 March 2026 in Madiun (UTC+7):
 * <ul>
 *   <li>F, 08:00, dispatched 08:02 to dishub-1, declined (received 08:05), reassigned 08:06 to dishub-2: dispatched;</li>
 *   <li>G, 09:00, cancelled 09:10: cancelled;</li>
 *   <li>H, 10:00, merged into F at 10:00:01: merged;</li>
 *   <li>I, 11:00, dispatched 11:02, cannot-fix (received 11:30) and queued for DLH: cannot-fix;</li>
 *   <li>J, 12:00, dispatched 12:05, acknowledged 12:10 on a phone that was offline until 12:40, en route 12:12,
 *       on scene 12:30, resolved 13:00, a note 13:30, closed 14:00: closed. Its acknowledgement was breached at
 *       12:30 and corrected at 12:40;</li>
 *   <li>K, 12:30, at risk 12:42, breached 12:45, dispatched 12:50 (met late), declined (received 12:55): declined.</li>
 * </ul>
 * Then the SLA monitor is replayed under other policies: I's dispatch re-measured against 1 min (no longer within
 * target, and breached at 11:01), K's against 30 min (within target now, its breach left over), F's republished
 * unchanged.
 */
class ArchiveLifecycleIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ZoneId MADIUN = ZoneId.of("Asia/Jakarta");
    static final Instant NOW = local("2026-03-12T12:00");
    static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "operator-3");
    static final Actor DISPATCHER = Actor.system("dispatcher");
    static final Actor SLA_MONITOR = Actor.system("sla-monitor");
    static final Duration DISPATCH = Duration.ofMinutes(15);
    static final Duration ACKNOWLEDGE = Duration.ofMinutes(30);
    static TestKafka kafka;
    static TestDatabase db;
    static ServiceHost host;
    static int port;
    static DemoUsers users;
    static final HttpClient http = HttpClient.newHttpClient();
    static Complaint f;
    static Complaint h;
    static Complaint i;
    static Complaint j;
    static Complaint k;
    static Event<StageMet> iDispatchMet;
    static Event<StageMet> kDispatchMet;
    static Event<StageBreached> jAcknowledgeBreached;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(kafka.config());
        host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(),
                List.of(new ArchiveService(config, ReferenceCatalog.demo(), Clock.fixed(NOW, ZoneOffset.UTC))));
        port = host.start(0);
        users = new DemoUsers(URI.create("http://localhost:" + port));

        f = light("MDN-2026-000701", "2026-03-10T08:00");
        Complaint g = light("MDN-2026-000702", "2026-03-10T09:00");
        h = light("MDN-2026-000703", "2026-03-10T10:00");
        i = light("MDN-2026-000704", "2026-03-10T11:00");
        j = light("MDN-2026-000705", "2026-03-10T12:00");
        k = light("MDN-2026-000706", "2026-03-10T12:30");
        iDispatchMet = i.met(SlaStage.DISPATCH, local("2026-03-10T11:02"), DISPATCH);
        kDispatchMet = k.met(SlaStage.DISPATCH, local("2026-03-10T12:50"), DISPATCH);
        jAcknowledgeBreached = j.breached(SlaStage.ACKNOWLEDGE, ACKNOWLEDGE);
        Event<StageMet> fDispatchMet = f.met(SlaStage.DISPATCH, local("2026-03-10T08:02"), DISPATCH);
        List<Event<?>> events = new ArrayList<>(List.of(
                f.reported(), f.dispatched("dishub-1", local("2026-03-10T08:02")),
                after(f, new JobDeclined("dishub-1", "vehicle-broken", null, local("2026-03-10T08:05")), crew("dishub-1"), "2026-03-10T08:04"),
                after(f, new ComplaintReassigned("dishub-1", "dishub-2", "DISHUB", 800, 0, "dishub-1 declined", List.of(), "r1"),
                        DISPATCHER, "2026-03-10T08:06"),
                fDispatchMet,
                g.reported(), after(g, new ComplaintCancelled("laporan ganda lewat telepon"), OPERATOR, "2026-03-10T09:10"),
                h.reported(), after(h, new ComplaintMerged(f.id().toString(), "MDN-2026-000701", 35, 7201, "same pole", "r1"),
                        DISPATCHER, "2026-03-10T10:00:01"),
                i.reported(), i.dispatched("dishub-1", local("2026-03-10T11:02")),
                after(i, new JobCannotFix("dishub-1", "DLH", "a tree on the line", local("2026-03-10T11:30")), crew("dishub-1"), "2026-03-10T11:29"),
                after(i, new ComplaintQueued("DLH", "dishub-1 cannot fix: needs DLH"), DISPATCHER, "2026-03-10T11:30"),
                iDispatchMet,
                j.reported(), j.dispatched("dishub-3", local("2026-03-10T12:05")),
                j.met(SlaStage.DISPATCH, local("2026-03-10T12:05"), DISPATCH),
                jAcknowledgeBreached,
                after(j, new JobAcknowledged("dishub-3", local("2026-03-10T12:40")), crew("dishub-3"), "2026-03-10T12:10"),
                after(j, new StageCorrected(SlaStage.ACKNOWLEDGE, "street-light-out", "DISHUB", j.reportedAt(),
                        local("2026-03-10T12:10"), 600_000, ACKNOWLEDGE.toMillis(), true, jAcknowledgeBreached.eventId()),
                        SLA_MONITOR, "2026-03-10T12:40"),
                after(j, new JobEnRoute("dishub-3", local("2026-03-10T12:41")), crew("dishub-3"), "2026-03-10T12:12"),
                after(j, new JobOnScene("dishub-3", local("2026-03-10T12:42")), crew("dishub-3"), "2026-03-10T12:30"),
                after(j, new JobResolved("dishub-3", "lampu diganti", null, local("2026-03-10T13:00")), crew("dishub-3"), "2026-03-10T13:00"),
                after(j, new NoteAdded("warga berterima kasih"), OPERATOR, "2026-03-10T13:30"),
                after(j, new ComplaintClosed("selesai"), OPERATOR, "2026-03-10T14:00"),
                k.reported(),
                after(k, new StageAtRisk(SlaStage.DISPATCH, "street-light-out", "DISHUB", k.reportedAt(),
                        local("2026-03-10T12:45"), DISPATCH.toMillis()), SLA_MONITOR, "2026-03-10T12:42"),
                k.breached(SlaStage.DISPATCH, DISPATCH),
                k.dispatched("dishub-1", local("2026-03-10T12:50")), kDispatchMet,
                after(k, new JobDeclined("dishub-1", "crew-incomplete", "dua orang sakit", local("2026-03-10T12:55")),
                        crew("dishub-1"), "2026-03-10T12:54")));
        try (EventSender sender = new EventSender(config)) {
            sender.send(events);
            Await.until("every event archived", WAIT, () -> sender.allArchived(db));
            // the monitor replayed under other policies: same event ids, other figures, sent later
            sender.send(remeasured(iDispatchMet, new StageMet(SlaStage.DISPATCH, "street-light-out", "DISHUB",
                            i.reportedAt(), local("2026-03-10T11:02"), 120_000, 60_000, false)),
                    i.reported().followedBy(new StageBreached(SlaStage.DISPATCH, "street-light-out", "DISHUB",
                            i.reportedAt(), local("2026-03-10T11:01"), 60_000), SLA_MONITOR, NOW),
                    remeasured(kDispatchMet, new StageMet(SlaStage.DISPATCH, "street-light-out", "DISHUB",
                            k.reportedAt(), local("2026-03-10T12:50"), 1_200_000, 1_800_000, true)),
                    remeasured(fDispatchMet, fDispatchMet.data()));
            Await.until("every record read", WAIT,
                    () -> ArchiveTables.storedOffsets(db).equals(ArchiveTables.endOffsets(kafka.bootstrapServers())));
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
    void searchesByTheLaterStatusesAndShowsTheLaterTimesInTheViewersZone() throws Exception {
        assertThat(tickets("/api/complaints?status=declined,cannot-fix")).containsExactly("MDN-2026-000706", "MDN-2026-000704");
        assertThat(tickets("/api/complaints?status=merged")).containsExactly("MDN-2026-000703");
        assertThat(tickets("/api/complaints?status=cancelled,closed&sort=reportedAt"))
                .containsExactly("MDN-2026-000702", "MDN-2026-000705");
        assertThat(tickets("/api/complaints?status=dispatched&crew=dishub-2")).containsExactly("MDN-2026-000701");

        assertThat(ok("/api/complaints?ticket=MDN-2026-000705&tz=Asia/Jayapura")).isEqualTo(Json.MAPPER.readTree("""
                {"jurisdiction": "madiun", "timeZone": "Asia/Jayapura", "sort": "-reportedAt", "limit": 50,
                 "items": [{"complaintId": "%s", "ticket": "MDN-2026-000705", "status": "closed",
                   "category": "street-light-out", "department": "DISHUB", "district": "kartoharjo", "priority": 3,
                   "crewId": "dishub-3",
                   "reportedAt": "2026-03-10T05:00:00Z", "reportedAtLocal": "2026-03-10T14:00:00+09:00",
                   "dispatchedAt": "2026-03-10T05:05:00Z", "dispatchedAtLocal": "2026-03-10T14:05:00+09:00",
                   "acknowledgedAt": "2026-03-10T05:10:00Z", "acknowledgedAtLocal": "2026-03-10T14:10:00+09:00",
                   "enRouteAt": "2026-03-10T05:12:00Z", "enRouteAtLocal": "2026-03-10T14:12:00+09:00",
                   "onSceneAt": "2026-03-10T05:30:00Z", "onSceneAtLocal": "2026-03-10T14:30:00+09:00",
                   "resolvedAt": "2026-03-10T06:00:00Z", "resolvedAtLocal": "2026-03-10T15:00:00+09:00",
                   "closedAt": "2026-03-10T07:00:00Z", "closedAtLocal": "2026-03-10T16:00:00+09:00",
                   "cancelledAt": null, "cancelledAtLocal": null,
                   "mergedInto": null, "notes": 1, "escalations": 0, "declines": 0,
                   "updatedAt": "2026-03-10T07:00:00Z", "updatedAtLocal": "2026-03-10T16:00:00+09:00"}],
                 "nextCursor": null}
                """.formatted(j.id())));
        JsonNode merged = ok("/api/complaints?ticket=MDN-2026-000703").at("/items/0");
        assertThat(merged.get("mergedInto").asText()).isEqualTo(f.id().toString());
        JsonNode reassigned = ok("/api/complaints?ticket=MDN-2026-000701").at("/items/0");
        assertThat(reassigned.get("declines").asInt()).isEqualTo(1);
        assertThat(reassigned.get("dispatchedAtLocal").asText()).isEqualTo("2026-03-10T08:06:00+07:00");
    }

    @Test
    void reportsCountTheLaterStatusesAndTheVerdictsThatStand() throws Exception {
        // dispatch: F 2 min, I 2 min (now outside its 1-min target, breached), J 5 min, K 20 min (now within its
        // 30-min target; its breach no longer stands); acknowledge: J's breach replaced by its correction (10 min)
        assertThat(ok("/api/reports/department?period=day&from=2026-03-10&to=2026-03-10")).isEqualTo(Json.MAPPER.readTree("""
                {"dimension": "department", "period": "day", "jurisdiction": "madiun", "timeZone": "Asia/Jakarta",
                 "from": "2026-03-10", "to": "2026-03-10", "rows": [
                  {"period": "2026-03-10", "start": "2026-03-09T17:00:00Z", "end": "2026-03-10T17:00:00Z",
                   "startLocal": "2026-03-10T00:00:00+07:00", "endLocal": "2026-03-11T00:00:00+07:00", "key": "DISHUB",
                   "reported": 6,
                   "byStatus": {"reported": 0, "queued": 0, "dispatched": 1, "acknowledged": 0, "resolved": 0,
                     "closed": 1, "cancelled": 1, "merged": 1, "declined": 1, "cannot-fix": 1},
                   "backlogAtEnd": 3,
                   "sla": {
                     "dispatch": {"met": 4, "withinTarget": 3, "compliancePercent": 75.0, "breached": 1,
                       "p50Millis": 120000, "p90Millis": 1200000, "pausedMillis": 0},
                     "acknowledge": {"met": 1, "withinTarget": 1, "compliancePercent": 100.0, "breached": 0,
                       "p50Millis": 600000, "p90Millis": 600000, "pausedMillis": 0},
                     "arrive": %1$s, "resolve": %1$s, "forward": %1$s, "follow-up": %1$s, "close": %1$s},
                   "attendance": {"crewsOnShift": 0, "crewDaysOnShift": 0}}]}""".formatted("""
                {"met": 0, "withinTarget": 0, "compliancePercent": null, "breached": 0, "p50Millis": null, "p90Millis": null,
                 "pausedMillis": 0}""")));
    }

    @Test
    void keepsEverySlaEventAndTakesEachReMeasurementOnceWhileTheEventsKeepTheFirstCopy() {
        assertThat(ArchiveTables.rows(db, "select outcome, count(*) as n from sla_outcomes group by 1 order by 1"))
                .containsExactly(Map.of("outcome", "at-risk", "n", 1L), Map.of("outcome", "breached", "n", 3L),
                        Map.of("outcome", "corrected", "n", 1L), Map.of("outcome", "met", "n", 4L));
        assertThat(ArchiveTables.rows(db, "select event_id, target_millis, within_target from sla_outcomes"
                + " where event_id = any(?::uuid[]) order by target_millis", (Object) new UUID[] {
                iDispatchMet.eventId(), kDispatchMet.eventId()})).containsExactly(
                Map.of("event_id", iDispatchMet.eventId(), "target_millis", 60_000L, "within_target", false),
                Map.of("event_id", kDispatchMet.eventId(), "target_millis", 1_800_000L, "within_target", true));
        assertThat(ArchiveTables.rows(db, "select corrects_event_id from sla_outcomes where outcome = 'corrected'"))
                .containsExactly(Map.of("corrects_event_id", jAcknowledgeBreached.eventId()));
        // the re-measurements of I and K, not F's unchanged republication
        assertThat(ArchiveTables.rows(db, "select event_id, (payload #>> '{data,targetMillis}')::bigint as target"
                + " from sla_remeasurements order by target")).containsExactly(
                Map.of("event_id", iDispatchMet.eventId(), "target", 60_000L),
                Map.of("event_id", kDispatchMet.eventId(), "target", 1_800_000L));
        assertThat(ArchiveTables.rows(db, "select (payload #>> '{data,targetMillis}')::bigint as target from events"
                + " where event_id = ?", iDispatchMet.eventId())).containsExactly(Map.of("target", 900_000L));
    }

    private static Complaint light(String ticket, String reportedAt) {
        return Complaint.reported(ticket, "street-light-out", "DISHUB", "kartoharjo", "0812-7000-" + ticket.substring(10),
                local(reportedAt));
    }

    private static <P extends EventPayload> Event<P> after(Complaint complaint, P payload, Actor actor, String at) {
        return complaint.reported().followedBy(payload, actor, local(at));
    }

    private static <P extends EventPayload> Event<P> remeasured(Event<P> original, P data) {
        return new Event<>(original.eventId(), original.type(), original.schemaVersion(), NOW, original.jurisdiction(),
                original.subjectId(), original.actor(), original.correlationId(), data);
    }

    private static Actor crew(String crewId) {
        return new Actor(ActorRole.CREW, crewId);
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(MADIUN).toInstant();
    }

    private static List<String> tickets(String path) throws Exception {
        List<String> tickets = new ArrayList<>();
        ok(path).get("items").forEach(item -> tickets.add(item.get("ticket").asText()));
        return tickets;
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = http.send(users.as(DemoUsers.MANAGER, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
