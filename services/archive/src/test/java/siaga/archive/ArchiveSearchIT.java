package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * {@code GET /api/complaints}: 25 complaints of Kota Madiun, one every two hours from 1 March 2026 00:00 UTC
 * (07:00 in Madiun), archived through the real broker, searched over HTTP.
 */
class ArchiveSearchIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final String[][] CATEGORIES = {{"street-light-out", "DISHUB"}, {"fallen-tree", "DLH"}, {"flood", "BPBD"}};
    static final String[] KECAMATAN = {"kartoharjo", "manguharjo", "taman"};
    static final String[] STATUSES = {"reported", "queued", "dispatched", "acknowledged", "resolved"};
    static TestKafka kafka;
    static TestDatabase db;
    static ServiceHost host;
    static int port;
    static DemoUsers users;
    static final HttpClient http = HttpClient.newHttpClient();
    /** What was archived, in report order: complaint, status, crew. */
    static final List<Seeded> seeded = new ArrayList<>();

    record Seeded(Complaint complaint, int index, String status, String crew) {
        String category() {
            return complaint.reported().data().category();
        }

        String department() {
            return complaint.department();
        }

        String kecamatan() {
            return complaint.reported().data().district();
        }
    }

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(kafka.config());
        host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(),
                List.of(new ArchiveService(config, ReferenceCatalog.demo(), Clock.systemUTC())));
        port = host.start(0);
        users = new DemoUsers(URI.create("http://localhost:" + port));
        List<Event<?>> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String[] category = CATEGORIES[i % 3];
            Instant at = T0.plus(Duration.ofHours(2L * i));
            Complaint complaint = Complaint.reported("MDN-2026-%06d".formatted(300 + i), category[0], category[1],
                    KECAMATAN[(i / 3) % 3], "0812-0000-%04d".formatted(i), at);
            String status = STATUSES[i % 5];
            String crew = category[1].toLowerCase() + "-" + (1 + i % 2);
            events.add(complaint.reported());
            switch (status) {
                case "queued" -> events.add(complaint.queued(at.plusSeconds(30)));
                case "dispatched" -> events.add(complaint.dispatched(crew, at.plusSeconds(60)));
                case "acknowledged" -> events.addAll(List.of(complaint.dispatched(crew, at.plusSeconds(60)),
                        complaint.acknowledged(crew, at.plusSeconds(300))));
                case "resolved" -> events.addAll(List.of(complaint.dispatched(crew, at.plusSeconds(60)),
                        complaint.acknowledged(crew, at.plusSeconds(300)), complaint.resolved(crew, at.plusSeconds(3600))));
                default -> {
                }
            }
            seeded.add(new Seeded(complaint, i, status, status.equals("reported") || status.equals("queued") ? null : crew));
        }
        try (EventSender sender = new EventSender(config)) {
            sender.send(events);
            Await.until("every complaint archived", WAIT, () -> sender.allArchived(db));
        }
        Await.until("every complaint folded", WAIT, () -> ArchiveTables.count(db,
                "select count(*) from complaint_state where reported_at is not null and status = 'resolved'") == 5);
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
    void pagesThroughEveryComplaintNewestFirstWithoutSkippingOrRepeating() throws Exception {
        List<String> tickets = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok("/api/complaints?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.get("sort").asText()).isEqualTo("-reportedAt");
            assertThat(page.get("limit").asInt()).isEqualTo(7);
            pageSizes.add(page.get("items").size());
            page.get("items").forEach(item -> tickets.add(item.get("ticket").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(7, 7, 7, 4);
        assertThat(tickets).isEqualTo(ticketsOf(s -> true, Comparator.comparing((Seeded s) -> s.index()).reversed()));
    }

    @Test
    void sortsOldestFirstWhenAsked() throws Exception {
        JsonNode page = ok("/api/complaints?sort=reportedAt&limit=200");

        assertThat(ticketsIn(page)).isEqualTo(ticketsOf(s -> true, Comparator.comparing(Seeded::index)));
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void combinesFiltersAndListsMatchAnyOfTheirValues() throws Exception {
        // 1 March in Madiun (UTC+7) is 28 Feb 17:00Z to 1 Mar 17:00Z: the first nine complaints
        JsonNode page = ok("/api/complaints?department=DISHUB,DLH&status=acknowledged,resolved,reported"
                + "&from=2026-03-01&to=2026-03-01&sort=reportedAt");

        assertThat(ticketsIn(page)).isEqualTo(ticketsOf(s -> s.index() < 9
                        && List.of("DISHUB", "DLH").contains(s.department())
                        && List.of("acknowledged", "resolved", "reported").contains(s.status()),
                Comparator.comparing(Seeded::index)));
        assertThat(ticketsIn(page)).isNotEmpty();
        assertThat(ticketsIn(ok("/api/complaints?kecamatan=taman&category=flood&sort=reportedAt")))
                .isEqualTo(ticketsOf(s -> s.kecamatan().equals("taman") && s.category().equals("flood"),
                        Comparator.comparing(Seeded::index)));
        assertThat(ticketsIn(ok("/api/complaints?crew=dlh-2&sort=reportedAt")))
                .isEqualTo(ticketsOf(s -> "dlh-2".equals(s.crew()), Comparator.comparing(Seeded::index)));
        assertThat(ticketsIn(ok("/api/complaints?ticket=mdn-2026-000307"))).containsExactly("MDN-2026-000307");
        // a reporter's number however it is typed: +62, spaces and dashes, or the national 0
        assertThat(ticketsIn(ok("/api/complaints?phone=" + encode("+62 812 0000 0012")))).containsExactly("MDN-2026-000312");
        assertThat(ticketsIn(ok("/api/complaints?phone=081200000012"))).containsExactly("MDN-2026-000312");
        // an instant bound: reported from 20:00Z on 1 March (the 11th complaint) to before 02:00Z on 2 March
        assertThat(ticketsIn(ok("/api/complaints?sort=reportedAt&from=2026-03-01T20:00:00Z&to="
                + encode("2026-03-02T09:00:00+07:00")))).containsExactly("MDN-2026-000310", "MDN-2026-000311", "MDN-2026-000312");
    }

    @Test
    void showsEachTimeInTheViewersZoneBesideTheUtcInstantAndNoPersonalData() throws Exception {
        Seeded resolved = seeded.get(4);
        Instant at = resolved.complaint().reportedAt();

        JsonNode page = ok("/api/complaints?ticket=MDN-2026-000304&tz=Asia/Jayapura");

        assertThat(page).isEqualTo(Json.MAPPER.readTree("""
                {"jurisdiction": "madiun", "timeZone": "Asia/Jayapura", "sort": "-reportedAt", "limit": 50,
                 "items": [{"complaintId": "%s", "ticket": "MDN-2026-000304", "status": "resolved",
                   "category": "fallen-tree", "department": "DLH", "district": "manguharjo", "priority": 3,
                   "crewId": "dlh-1",
                   "reportedAt": "2026-03-01T08:00:00Z", "reportedAtLocal": "2026-03-01T17:00:00+09:00",
                   "dispatchedAt": "2026-03-01T08:01:00Z", "dispatchedAtLocal": "2026-03-01T17:01:00+09:00",
                   "acknowledgedAt": "2026-03-01T08:05:00Z", "acknowledgedAtLocal": "2026-03-01T17:05:00+09:00",
                   "enRouteAt": null, "enRouteAtLocal": null, "onSceneAt": null, "onSceneAtLocal": null,
                   "resolvedAt": "2026-03-01T09:00:00Z", "resolvedAtLocal": "2026-03-01T18:00:00+09:00",
                   "closedAt": null, "closedAtLocal": null, "cancelledAt": null, "cancelledAtLocal": null,
                   "mergedInto": null, "notes": 0, "escalations": 0, "declines": 0,
                   "updatedAt": "2026-03-01T09:00:00Z", "updatedAtLocal": "2026-03-01T18:00:00+09:00"}],
                 "nextCursor": null}
                """.formatted(resolved.complaint().id())));
        assertThat(at).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
        // the jurisdiction's zone when the viewer names none
        assertThat(ok("/api/complaints?ticket=MDN-2026-000304").at("/items/0/reportedAtLocal").asText())
                .isEqualTo("2026-03-01T15:00:00+07:00");
    }

    @Test
    void refusesEachBadParameterWithA400NamingIt() throws Exception {
        assertProblem("/api/complaints?limit=500", "query parameter limit must be at most 200, was 500",
                "[{\"pointer\": \"/limit\", \"message\": \"must be at most 200, was 500\"}]");
        assertProblem("/api/complaints?limit=ten", "query parameter limit must be a whole number, was 'ten'",
                "[{\"pointer\": \"/limit\", \"message\": \"must be a whole number, was 'ten'\"}]");
        assertProblem("/api/complaints?status=open&tz=Mars/Olympus&from=yesterday&kelurahan=Klegen&sort=newest",
                "5 query parameters are invalid", """
                [{"pointer": "/kelurahan", "message": "is not a parameter here; known: category, crew, cursor, department,\
                 from, jurisdiction, kecamatan, limit, phone, sort, status, ticket, to, tz"},
                 {"pointer": "/tz", "message": "must be an IANA time zone such as Asia/Jakarta, was 'Mars/Olympus'"},
                 {"pointer": "/status", "message": "values must be among [reported, queued, dispatched, acknowledged,\
                 resolved, closed, cancelled, merged, declined, cannot-fix], was 'open'"},
                 {"pointer": "/from", "message": "must be an ISO-8601 instant, date-time or date\
                 (2026-03-02T08:00:00+07:00, 2026-03-02), was 'yesterday'"},
                 {"pointer": "/sort", "message": "must be one of -reportedAt, reportedAt, was 'newest'"}]
                """);
        assertProblem("/api/complaints?phone=12-34", "query parameter phone must be a phone number of 6 to 15 digits"
                        + " (spaces, dashes and a leading + allowed)",
                "[{\"pointer\": \"/phone\", \"message\": \"must be a phone number of 6 to 15 digits (spaces, dashes"
                        + " and a leading + allowed)\"}]");
        assertProblem("/api/complaints?from=2026-03-02&to=2026-03-01", "query parameter to must be after from",
                "[{\"pointer\": \"/to\", \"message\": \"must be after from\"}]");
        assertProblem("/api/complaints?cursor=bm90LWEtY3Vyc29y", "query parameter cursor is not a cursor of this API;"
                        + " use a page's nextCursor as it is",
                "[{\"pointer\": \"/cursor\", \"message\": \"is not a cursor of this API; use a page's nextCursor as it is\"}]");
        String cursor = ok("/api/complaints?limit=2").get("nextCursor").asText();
        assertProblem("/api/complaints?limit=2&department=DLH&cursor=" + cursor, "query parameter cursor belongs to a"
                        + " search with other filters or another sort; start again without a cursor",
                "[{\"pointer\": \"/cursor\", \"message\": \"belongs to a search with other filters or another sort;"
                        + " start again without a cursor\"}]");
        assertProblem("/api/complaints?jurisdiction=surabaya", "query parameter jurisdiction must be one of [madiun, banjarbaru],"
                        + " was 'surabaya'",
                "[{\"pointer\": \"/jurisdiction\", \"message\": \"must be one of [madiun, banjarbaru], was 'surabaya'\"}]");
    }

    private static void assertProblem(String path, String detail, String errors) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Json.MAPPER.readTree(response.body())).as(path).isEqualTo(Json.MAPPER.readTree("""
                {"type": "https://siaga.example/problems/invalid-request", "title": "Invalid request", "status": 400,
                 "detail": %s, "errors": %s}""".formatted(Json.MAPPER.writeValueAsString(detail), errors)));
    }

    @Test
    void anInspectorSearchesWithoutAPhoneAndNobodySearchesAnotherCity() throws Exception {
        assertThat(ticketsIn(ok(DemoUsers.INSPECTOR, "/api/complaints?ticket=MDN-2026-000307"))).containsExactly("MDN-2026-000307");

        HttpResponse<String> byPhone = get(DemoUsers.INSPECTOR, "/api/complaints?phone=081200000012");
        assertThat(byPhone.statusCode()).isEqualTo(403);
        assertThat(byPhone.body()).doesNotContain("MDN-2026-000312");
        HttpResponse<String> otherCity = get(DemoUsers.MANAGER, "/api/complaints?jurisdiction=banjarbaru");
        assertThat(otherCity.statusCode()).isEqualTo(403);
        assertThat(get(DemoUsers.crewLead("dlh-2"), "/api/complaints?crew=dlh-2").statusCode()).isEqualTo(403);
        assertThat(ok(DemoUsers.BANJARBARU_MANAGER, "/api/complaints").get("items")).isEmpty();
    }

    private static List<String> ticketsOf(Predicate<Seeded> which, Comparator<Seeded> order) {
        return seeded.stream().filter(which).sorted(order).map(s -> s.complaint().reported().data().ticket()).toList();
    }

    private static List<String> ticketsIn(JsonNode page) {
        List<String> tickets = new ArrayList<>();
        page.get("items").forEach(item -> tickets.add(item.get("ticket").asText()));
        return tickets;
    }

    private static JsonNode ok(String path) throws Exception {
        return ok(DemoUsers.MANAGER, path);
    }

    private static JsonNode ok(String user, String path) throws Exception {
        HttpResponse<String> response = get(user, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    /** As the demo manager of Madiun. */
    private static HttpResponse<String> get(String path) throws Exception {
        return get(DemoUsers.MANAGER, path);
    }

    private static HttpResponse<String> get(String user, String path) throws Exception {
        return http.send(users.as(user, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
