package siaga.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.intake.RunningIntake.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ClockResumed;
import siaga.contracts.events.ComplaintPriorityChanged;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.Reporter;
import siaga.intake.view.ComplaintStatus;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.StatusChange;
import siaga.testing.Await;

class IntakeIT {
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    static RunningIntake intake;

    @BeforeAll
    static void startIntake() {
        intake = new RunningIntake();
    }

    @AfterAll
    static void stopIntake() {
        if (intake != null) {
            intake.close();
        }
    }

    @Test
    void recordsAComplaintOnceTheBrokerHasItAndThenShowsItToTheOperator() throws Exception {
        HttpResponse<String> response = post(aStreetLightOut(f -> { }).toString(), "call-7781");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode receipt = json(response);
        String id = receipt.get("complaintId").asText();
        String ticket = receipt.get("ticket").asText();
        Instant reportedAt = Instant.parse(receipt.get("reportedAt").asText());
        assertThat(receipt).isEqualTo(Json.MAPPER.createObjectNode()
                .put("complaintId", id).put("ticket", ticket).put("status", "reported").put("reportedAt", reportedAt.toString()));
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(ticket).matches("MDN-" + reportedAt.atZone(WIB).getYear() + "-\\d{6}");
        assertThat(reportedAt).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/complaints/" + id);
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue("call-7781");

        ComplaintReported expected = new ComplaintReported(ticket, "street-light-out", "DISHUB", 3,
                new GeoPoint(-7.6298, 111.5239), "Jl. Pahlawan 12, Kartoharjo", "Lampu jalan mati sejak semalam",
                new Reporter("Sri Wahyuni", "+62 812-3456-7890", null), "kartoharjo", "Pilangbango", "phone");
        Event<ComplaintEvent> event = onlyEventOf(id);
        assertThat(event).isEqualTo(new Event<>(event.eventId(), "complaint.reported", 3, reportedAt, "madiun", id,
                new Actor(ActorRole.OPERATOR, "op-sri"), "call-7781", expected));

        HttpResponse<String> found = intake.awaitOk("/api/complaints/" + id);
        assertThat(found.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Json.MAPPER.readValue(found.body(), ComplaintView.class)).isEqualTo(new ComplaintView(id, ticket,
                "madiun", "street-light-out", "DISHUB", 3, new GeoPoint(-7.6298, 111.5239), "kartoharjo", "Pilangbango", "phone",
                "Jl. Pahlawan 12, Kartoharjo", "Lampu jalan mati sejak semalam",
                new Reporter("Sri Wahyuni", "+62 812-3456-7890", null), ComplaintStatus.REPORTED, null, reportedAt,
                reportedAt, List.of(new StatusChange(ComplaintStatus.REPORTED, reportedAt, event.eventId().toString())),
                null, null));
        assertThat(json(found).has("crewId")).isFalse();
    }

    @Test
    void recordsARaisedPriorityTheChannelAndTheReportersEmail() throws Exception {
        HttpResponse<String> response = post(aStreetLightOut(f -> {
            f.put("priority", 2).put("channel", "walk-in").put("lat", -7.66).put("lon", 111.50);
            f.withObjectProperty("reporter").put("email", "sri@example.id");
        }).toString(), "walk-in-1");

        assertThat(response.statusCode()).isEqualTo(201);
        ComplaintReported reported = (ComplaintReported) onlyEventOf(json(response).get("complaintId").asText()).data();
        assertThat(reported.priority()).isEqualTo(2);
        assertThat(reported.channel()).isEqualTo("walk-in");
        assertThat(reported.district()).isEqualTo("taman");
        assertThat(reported.kelurahan()).isEqualTo("Kejuron");
        assertThat(reported.reporter()).isEqualTo(new Reporter("Sri Wahyuni", "+62 812-3456-7890", "sri@example.id"));
    }

    @Test
    void namesTheSignedInUserAsTheActorAndMakesACorrelationIdWhenNoneIsGiven() throws Exception {
        HttpResponse<String> response = intake.send(intake.request("/api/complaints")
                .POST(HttpRequest.BodyPublishers.ofString(aStreetLightOut(f -> { }).toString())));

        assertThat(response.statusCode()).isEqualTo(201);
        String correlationId = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        Event<ComplaintEvent> event = onlyEventOf(json(response).get("complaintId").asText());
        assertThat(event.actor()).isEqualTo(new Actor(ActorRole.OPERATOR, "op-sri"));
        assertThat(event.correlationId()).isEqualTo(correlationId).matches("[0-9a-f-]{36}");
    }

    @Test
    void signsInWithAnHttpOnlyStrictCookieAndABearerTokenThatBothWork() throws Exception {
        HttpResponse<String> signedIn = intake.send(intake.anonymous("/api/session").POST(HttpRequest.BodyPublishers.ofString(
                "{\"user\": \"mgr-ani\", \"password\": \"siaga-demo-manager\"}")));

        assertThat(signedIn.statusCode()).isEqualTo(200);
        JsonNode body = json(signedIn);
        assertThat(body.get("userId").asText()).isEqualTo("mgr-ani");
        assertThat(body.get("role").asText()).isEqualTo("manager");
        String token = body.get("token").asText();
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("siaga_session=" + token + ";").contains("HttpOnly", "SameSite=Strict", "Path=/");
        String id = reportedAndShown();

        HttpResponse<String> byCookie = intake.send(intake.anonymous("/api/complaints/" + id)
                .header("Cookie", "siaga_session=" + token).GET());
        HttpResponse<String> byBearer = intake.send(intake.anonymous("/api/complaints/" + id)
                .header("Authorization", "Bearer " + token).GET());
        assertThat(byCookie.statusCode()).isEqualTo(200);
        assertThat(byBearer.body()).isEqualTo(byCookie.body());
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownUserAlikeWith401() {
        for (String credentials : List.of("{\"user\": \"op-sri\", \"password\": \"guess\"}",
                "{\"user\": \"nobody\", \"password\": \"siaga-demo-operator\"}")) {
            HttpResponse<String> refused = intake.send(intake.anonymous("/api/session")
                    .POST(HttpRequest.BodyPublishers.ofString(credentials)));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(json(refused).get("detail").asText()).isEqualTo("unknown user or wrong password");
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void answers401WithoutASessionAnd403InAnotherRoleOnEveryOperatorRouteAndWritesNothing() throws Exception {
        String crew = intake.signIn("crew-dlh-1", "siaga-demo-crew");
        String inspector = intake.signIn("insp-budi", "siaga-demo-inspector");
        String manager = intake.signIn("mgr-ani", "siaga-demo-manager");
        String id = reportedAndShown();
        long before = intake.recordsOnComplaints();
        String complaint = aStreetLightOut(f -> { }).toString();
        record Call(String method, String path, String body) {
        }
        List<Call> calls = List.of(new Call("POST", "/api/complaints", complaint),
                new Call("GET", "/api/complaints/nearby?category=flood&lat=-7.6&lon=111.5", null),
                new Call("GET", "/api/complaints/" + id, null),
                new Call("POST", "/api/complaints/" + id + "/cancel", "{\"reason\": \"x\"}"),
                new Call("POST", "/api/complaints/" + id + "/close", "{\"note\": \"x\"}"),
                new Call("POST", "/api/complaints/" + id + "/notes", "{\"note\": \"x\"}"));
        for (Call call : calls) {
            HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body());
            assertThat(intake.send(intake.anonymous(call.path()).method(call.method(), body)).statusCode())
                    .as("%s %s without a session", call.method(), call.path()).isEqualTo(401);
            assertThat(intake.send(intake.anonymous(call.path()).header("Authorization", "Bearer forged.token")
                    .method(call.method(), body)).statusCode()).as("%s %s forged", call.method(), call.path()).isEqualTo(401);
            assertThat(intake.send(intake.anonymous(call.path()).header("Authorization", "Bearer " + crew)
                    .method(call.method(), body)).statusCode()).as("%s %s as crew", call.method(), call.path()).isEqualTo(403);
        }
        assertThat(intake.send(intake.anonymous("/api/complaints").header("Authorization", "Bearer " + manager)
                .POST(HttpRequest.BodyPublishers.ofString(complaint))).statusCode()).isEqualTo(403);
        assertThat(intake.send(intake.anonymous("/api/complaints/" + id + "/cancel").header("Authorization", "Bearer " + inspector)
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"x\"}"))).statusCode()).isEqualTo(403);
        assertThat(intake.send(intake.anonymous("/api/complaints/" + id).header("Authorization", "Bearer " + inspector)
                .GET()).statusCode()).isEqualTo(200);
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);

        HttpResponse<String> noted = intake.send(intake.anonymous("/api/complaints/" + id + "/notes")
                .header("Authorization", "Bearer " + inspector).POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"diperiksa\"}")));
        assertThat(noted.statusCode()).isEqualTo(200);
        assertThat(lastEventOf(id).actor()).isEqualTo(new Actor(ActorRole.INSPECTOR, "insp-budi"));
    }

    @Test
    void numbersConsecutiveComplaintsConsecutively() {
        String first = ticketOf(post(aStreetLightOut(f -> { }).toString(), "call-1"));
        String second = ticketOf(post(aStreetLightOut(f -> f.put("category", "pothole")).toString(), "call-2"));

        assertThat(second.substring(0, 9)).isEqualTo(first.substring(0, 9));
        assertThat(Long.parseLong(second.substring(9))).isEqualTo(Long.parseLong(first.substring(9)) + 1);
    }

    @Test
    void answersARetryWithTheSameIdempotencyKeyWithTheFirstResponseAndRecordsOnce() throws Exception {
        String body = aStreetLightOut(f -> f.put("description", "Lampu mati, penelepon mengulang")).toString();
        long before = intake.recordsOnComplaints();

        HttpResponse<String> first = idempotentPost("/api/complaints", body, "key-retry-1");
        HttpResponse<String> retry = idempotentPost("/api/complaints", body, "key-retry-1");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(intake.complaintRecords()).hasSize((int) before + 1);

        HttpResponse<String> otherBody = idempotentPost("/api/complaints",
                aStreetLightOut(f -> f.put("description", "another complaint")).toString(), "key-retry-1");
        assertThat(otherBody.statusCode()).isEqualTo(422);
        assertThat(json(otherBody).get("detail").asText()).startsWith("this Idempotency-Key was used for a different request");
        assertThat(intake.complaintRecords()).hasSize((int) before + 1);
    }

    @Test
    void freesTheIdempotencyKeyOfARefusedRequestSoThatTheCorrectedRequestIsRecorded() throws Exception {
        long keys = intake.idempotencyKeys();

        HttpResponse<String> refused = idempotentPost("/api/complaints", aStreetLightOut(f -> f.remove("address")).toString(), "key-fix-1");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(intake.idempotencyKeys()).isEqualTo(keys);

        HttpResponse<String> corrected = idempotentPost("/api/complaints", aStreetLightOut(f -> { }).toString(), "key-fix-1");
        assertThat(corrected.statusCode()).isEqualTo(201);
        assertThat(intake.idempotencyKeys()).isEqualTo(keys + 1);
    }

    @Test
    void cancelsAnOpenComplaintOnceAndRefusesToCancelItAgain() throws Exception {
        String id = reportedAndShown();

        String manager = intake.signIn("mgr-ani", "siaga-demo-manager");
        HttpResponse<String> cancelled = intake.send(intake.anonymous("/api/complaints/" + id + "/cancel")
                .header("Authorization", "Bearer " + manager).header("X-Correlation-Id", "cancel-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"penelepon iseng\"}")));

        assertThat(cancelled.statusCode()).isEqualTo(200);
        Event<ComplaintEvent> event = lastEventOf(id);
        assertThat(event.data()).isEqualTo(new ComplaintCancelled("penelepon iseng"));
        assertThat(event.actor()).isEqualTo(new Actor(ActorRole.MANAGER, "mgr-ani"));
        assertThat(event.correlationId()).isEqualTo("cancel-1");
        JsonNode body = json(cancelled);
        assertThat(body.get("eventId").asText()).isEqualTo(event.eventId().toString());
        assertThat(body.get("type").asText()).isEqualTo("complaint.cancelled");
        assertThat(body.get("status").asText()).isEqualTo("cancelled");

        Await.until("cancellation in the view", Duration.ofSeconds(30),
                () -> json(intake.get("/api/complaints/" + id)).get("status").asText().equals("cancelled"));
        long before = intake.recordsOnComplaints();
        HttpResponse<String> again = intake.postJson("/api/complaints/" + id + "/cancel", "{\"reason\": \"lagi\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("currentState").asText()).isEqualTo("cancelled");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    @Test
    void closesAComplaintOnlyAfterItsResolutionAndTakesNotesAtAnyTime() throws Exception {
        String id = reportedAndShown();
        long before = intake.recordsOnComplaints();

        HttpResponse<String> early = intake.postJson("/api/complaints/" + id + "/close", "{\"note\": \"selesai\"}");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).get("detail").asText()).isEqualTo("only a resolved complaint can be closed; this one is reported");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);

        HttpResponse<String> noted = intake.postJson("/api/complaints/" + id + "/notes", "{\"note\": \"  warga menelepon lagi  \"}");
        assertThat(noted.statusCode()).isEqualTo(200);
        assertThat(lastEventOf(id).data()).isEqualTo(new NoteAdded("warga menelepon lagi"));

        Event<ComplaintEvent> report = Topics.COMPLAINTS.decode(intake.complaintRecords().stream()
                .filter(r -> r.key().equals(id)).findFirst().orElseThrow().value());
        intake.publish(Topics.FIELD.name(), report.followedBy(new JobResolved("dishub-1", "lampu diganti", null, Instant.now()),
                new Actor(ActorRole.CREW, "dishub-1"), Instant.now()));
        Await.until("resolution in the view", Duration.ofSeconds(30),
                () -> json(intake.get("/api/complaints/" + id)).get("status").asText().equals("resolved"));

        HttpResponse<String> closed = intake.postJson("/api/complaints/" + id + "/close", "{\"note\": \"warga puas\"}");
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(json(closed).get("status").asText()).isEqualTo("closed");
        assertThat(lastEventOf(id).data()).isEqualTo(new ComplaintClosed("warga puas"));
    }

    @Test
    void listsOpenComplaintsOfTheSameCategoryWithinItsDuplicateRadiusNearestFirst() throws Exception {
        String near = ticketOf(post(aFallenTreeAt(-7.6601, 111.5001), "dup-1"));
        String nearest = ticketOf(post(aFallenTreeAt(-7.6600, 111.5000), "dup-2"));
        ticketOf(post(aFallenTreeAt(-7.6640, 111.5000), "dup-far"));
        ticketOf(post(aStreetLightOut(f -> f.put("lat", -7.6600).put("lon", 111.5000)).toString(), "dup-other-category"));

        JsonNode answer = Await.until("both duplicates in the nearby store", Duration.ofSeconds(30), () -> {
            JsonNode a = json(intake.get("/api/complaints/nearby?category=fallen-tree&lat=-7.66&lon=111.5"));
            return a.get("complaints").size() >= 2 ? a : null;
        });

        assertThat(answer.get("category").asText()).isEqualTo("fallen-tree");
        assertThat(answer.get("radiusMetres").asDouble()).as("fallen-tree's rule in the reference data").isEqualTo(100);
        assertThat(answer.get("windowSeconds").asLong()).isEqualTo(6 * 3600);
        List<String> tickets = new ArrayList<>();
        answer.get("complaints").forEach(c -> tickets.add(c.get("ticket").asText()));
        assertThat(tickets).containsExactly(nearest, near);
        JsonNode second = answer.get("complaints").get(1);
        assertThat(second.get("distanceMetres").asDouble()).isBetween(15.0, 16.5);
        assertThat(second.get("ageSeconds").asLong()).isBetween(0L, 60L);
        assertThat(answer.get("complaints").get(0).get("distanceMetres").asDouble()).isEqualTo(0.0);
    }

    @Test
    void pausesTheClocksForAReasonTheCategorysPolicyAllowsAndResumesThemOnce() throws Exception {
        String id = reportedAndShown();

        HttpResponse<String> paused = intake.postJson("/api/complaints/" + id + "/pause",
                "{\"reason\": \"waiting-materials\", \"note\": \"menunggu lampu pengganti\"}");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(json(paused).get("type").asText()).isEqualTo("complaint.clock-paused");
        assertThat(lastEventOf(id).data()).isEqualTo(new ClockPaused("waiting-materials", "menunggu lampu pengganti"));
        Await.until("the pause in the view", Duration.ofSeconds(30),
                () -> "waiting-materials".equals(json(intake.get("/api/complaints/" + id)).path("pausedFor").asText(null)));

        long before = intake.recordsOnComplaints();
        HttpResponse<String> again = intake.postJson("/api/complaints/" + id + "/pause", "{\"reason\": \"reporter-unreachable\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").asText()).contains("already paused (waiting-materials)");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);

        HttpResponse<String> resumed = intake.postJson("/api/complaints/" + id + "/resume", "{}");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(lastEventOf(id).data()).isEqualTo(new ClockResumed(null));
        Await.until("the resumption in the view", Duration.ofSeconds(30),
                () -> !json(intake.get("/api/complaints/" + id)).has("pausedFor"));
        HttpResponse<String> notPaused = intake.postJson("/api/complaints/" + id + "/resume", "{\"note\": \"lagi\"}");
        assertThat(notPaused.statusCode()).isEqualTo(409);
    }

    @Test
    void refusesAPauseReasonTheCategorysPolicyDoesNotAllowWith422() throws Exception {
        String id = json(post(aFallenTreeAt(-7.6420, 111.5300), "pause-tree")).get("complaintId").asText();
        intake.awaitOk("/api/complaints/" + id);
        long before = intake.recordsOnComplaints();

        HttpResponse<String> refused = intake.postJson("/api/complaints/" + id + "/pause", "{\"reason\": \"waiting-materials\"}");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(pointers(json(refused))).containsExactly("/reason");
        assertThat(json(refused).at("/errors/0/message").asText()).isEqualTo("must be one of [waiting-other-department]");
        HttpResponse<String> unknown = intake.postJson("/api/complaints/" + id + "/pause", "{\"reason\": 7, \"why\": \"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(pointers(json(unknown))).containsExactlyInAnyOrder("/reason", "/why");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    @Test
    void changesThePriorityOfAnOpenComplaintWithAReason() throws Exception {
        String id = reportedAndShown();

        HttpResponse<String> changed = intake.postJson("/api/complaints/" + id + "/priority",
                "{\"priority\": 2, \"reason\": \"di depan sekolah\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(lastEventOf(id).data()).isEqualTo(new ComplaintPriorityChanged(3, 2, "di depan sekolah"));
        Await.until("the new priority in the view", Duration.ofSeconds(30),
                () -> json(intake.get("/api/complaints/" + id)).get("priority").asInt() == 2);

        long before = intake.recordsOnComplaints();
        HttpResponse<String> same = intake.postJson("/api/complaints/" + id + "/priority", "{\"priority\": 2, \"reason\": \"x\"}");
        assertThat(same.statusCode()).isEqualTo(422);
        HttpResponse<String> bad = intake.postJson("/api/complaints/" + id + "/priority", "{\"priority\": 9, \"reason\": \"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(pointers(json(bad))).containsExactly("/priority");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    @Test
    void recordsTheReportersMediaAndTheAnswersToTheCategorysAttributes() throws Exception {
        HttpResponse<String> response = post(aStreetLightOut(f -> {
            f.put("mediaUrl", "https://example.id/foto/tiang-17.jpg");
            f.putObject("attributes").put("lamp_state", "flickering").put("pole_number", "PJU-17");
        }).toString(), "attrs");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        ComplaintReported reported = (ComplaintReported) onlyEventOf(json(response).get("complaintId").asText()).data();
        assertThat(reported.mediaUrl()).isEqualTo("https://example.id/foto/tiang-17.jpg");
        assertThat(reported.attributes()).isEqualTo(Map.of("lamp_state", List.of("flickering"), "pole_number", List.of("PJU-17")));

        long before = intake.recordsOnComplaints();
        HttpResponse<String> refused = post(aStreetLightOut(f -> f.putObject("attributes").put("lamp_state", "purple")
                .put("depth", "3")).toString(), "attrs-bad");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(pointers(json(refused))).containsExactlyInAnyOrder("/attributes/lamp_state", "/attributes/depth");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    @Test
    void anOperatorFilesForTheirOwnJurisdictionWithItsTicketPrefixAndNoOther() throws Exception {
        String rina = intake.signIn("op-rina", "siaga-demo-operator");
        String inBanjarbaru = aStreetLightOut(f -> f.put("lat", -3.4200).put("lon", 114.8330)
                .put("address", "Jl. Ahmad Yani km 35")).toString();

        HttpResponse<String> filed = intake.send(intake.anonymous("/api/complaints").header("Authorization", "Bearer " + rina)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(inBanjarbaru)));

        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        assertThat(json(filed).get("ticket").asText()).startsWith("BJB-");
        Event<ComplaintEvent> event = onlyEventOf(json(filed).get("complaintId").asText());
        assertThat(event.jurisdiction()).isEqualTo("banjarbaru");
        assertThat(((ComplaintReported) event.data()).district()).isEqualTo("banjarbaru-utara");

        long before = intake.recordsOnComplaints();
        HttpResponse<String> elsewhere = post(aStreetLightOut(f -> f.put("jurisdiction", "banjarbaru").put("lat", -3.4420)
                .put("lon", 114.8330)).toString(), "other-city");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        String madiunComplaint = reportedAndShown();
        before = intake.recordsOnComplaints();
        HttpResponse<String> notTheirs = intake.send(intake.anonymous("/api/complaints/" + madiunComplaint + "/notes")
                .header("Authorization", "Bearer " + rina).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"x\"}")));
        assertThat(notTheirs.statusCode()).isEqualTo(403);
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
        HttpResponse<String> notShown = intake.send(intake.anonymous("/api/complaints/" + madiunComplaint)
                .header("Authorization", "Bearer " + rina).GET());
        assertThat(notShown.statusCode()).isEqualTo(403);
        assertThat(notShown.body()).doesNotContain("Jl. ");
    }

    @Test
    void onlyOperatorsAndManagersOfItsJurisdictionSeeAComplaintsReporter() {
        String id = reportedAndShown();
        JsonNode asOperator = json(intake.get("/api/complaints/" + id));
        assertThat(asOperator.at("/reporter/phone").asText()).isNotEmpty();

        JsonNode asManager = json(intake.send(intake.anonymous("/api/complaints/" + id)
                .header("Authorization", "Bearer " + intake.signIn("mgr-ani", "siaga-demo-manager")).GET()));
        HttpResponse<String> asInspector = intake.send(intake.anonymous("/api/complaints/" + id)
                .header("Authorization", "Bearer " + intake.signIn("insp-budi", "siaga-demo-inspector")).GET());

        assertThat(asManager).isEqualTo(asOperator);
        assertThat(asInspector.statusCode()).isEqualTo(200);
        assertThat(json(asInspector).has("reporter")).isFalse();
        assertThat(json(asInspector).get("ticket")).isEqualTo(asOperator.get("ticket"));
        assertThat(asInspector.body()).doesNotContain(asOperator.at("/reporter/phone").asText(),
                asOperator.at("/reporter/name").asText());
    }

    static Stream<Arguments> badComplaints() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"category\": \"flood\",", List.of("")),
                Arguments.of("unknown category", body(f -> f.put("category", "volcano")), List.of("/category")),
                Arguments.of("latitude out of range", body(f -> f.put("lat", 95.0)), List.of("/lat")),
                Arguments.of("a huge number", body(f -> f.put("lon", new java.math.BigDecimal("1e400"))), List.of("/lon")),
                Arguments.of("missing reporter phone", body(f -> f.withObjectProperty("reporter").remove("phone")),
                        List.of("/reporter/phone")),
                Arguments.of("oversized description", body(f -> f.put("description", "x".repeat(2001))),
                        List.of("/description")),
                Arguments.of("unknown field", body(f -> f.put("urgent", true)), List.of("/urgent")),
                Arguments.of("priority out of range", body(f -> f.put("priority", 9)), List.of("/priority")),
                Arguments.of("a channel of integrators", body(f -> f.put("channel", "open311")), List.of("/channel")),
                Arguments.of("an SQL fragment as priority", body(f -> f.put("priority", "1; drop table ticket_sequence")),
                        List.of("/priority")),
                Arguments.of("several bad fields at once", body(f -> {
                    f.put("lat", "-7.63");
                    f.put("address", " ");
                    f.withObjectProperty("reporter").put("phone", "ask at the warung");
                }), List.of("/lat", "/address", "/reporter/phone")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badComplaints")
    void refusesABadComplaintNamingEachBadFieldAndWritesNothing(String what, String body, List<String> pointers) throws Exception {
        long before = intake.recordsOnComplaints();

        HttpResponse<String> response = post(body, "call-bad");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).isEqualTo("https://siaga.example/problems/invalid-request");
        assertThat(pointers(problem)).containsExactlyInAnyOrderElementsOf(pointers);
        assertThat(intake.complaintRecords()).hasSize((int) before);
    }

    static Stream<Arguments> unprocessableComplaints() {
        return Stream.of(
                Arguments.of("a point in Surabaya, outside Madiun", body(f -> f.put("lat", -7.2575).put("lon", 112.7521)),
                        List.of("/lat", "/lon")),
                Arguments.of("a lowered priority", body(f -> f.put("priority", 4)), List.of("/priority")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unprocessableComplaints")
    void refusesAWellFormedComplaintThatBreaksARuleWith422AndWritesNothing(String what, String body, List<String> pointers)
            throws Exception {
        long before = intake.recordsOnComplaints();

        HttpResponse<String> response = post(body, "call-422");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(pointers(json(response))).containsExactlyElementsOf(pointers);
        assertThat(intake.complaintRecords()).hasSize((int) before);
    }

    static Stream<Arguments> hostileRequests() {
        String unknown = "/api/complaints/0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a";
        return Stream.of(
                Arguments.of("cancel without a body", "POST", unknown + "/cancel", "", 400),
                Arguments.of("cancel with a number as reason", "POST", unknown + "/cancel", "{\"reason\": 7}", 400),
                Arguments.of("cancel with an unknown field", "POST", unknown + "/cancel", "{\"reason\": \"x\", \"force\": true}", 400),
                Arguments.of("cancel of an unknown complaint", "POST", unknown + "/cancel", "{\"reason\": \"x\"}", 404),
                Arguments.of("close with a script tag as id", "POST", "/api/complaints/%3Cscript%3E/close", "{\"note\": \"x\"}", 400),
                Arguments.of("close with an SQL fragment as id", "POST", "/api/complaints/1'%20or%201=1--/close", "{\"note\": \"x\"}", 400),
                Arguments.of("note that is too long", "POST", unknown + "/notes", "{\"note\": \"" + "x".repeat(2001) + "\"}", 400),
                Arguments.of("note with a control character", "POST", unknown + "/notes", "{\"note\": \"a\\u0007b\"}", 400),
                Arguments.of("note as an array", "POST", unknown + "/notes", "[\"note\"]", 400),
                Arguments.of("note over 64 KiB", "POST", unknown + "/notes", "{\"note\": \"" + "x".repeat(70_000) + "\"}", 413),
                Arguments.of("nearby without a category", "GET", "/api/complaints/nearby?lat=-7.6&lon=111.5", null, 400),
                Arguments.of("nearby with a script tag as category", "GET",
                        "/api/complaints/nearby?category=%3Cscript%3Ealert(1)%3C/script%3E&lat=-7.6&lon=111.5", null, 400),
                Arguments.of("nearby with a huge latitude", "GET", "/api/complaints/nearby?category=flood&lat=1e400&lon=111.5", null, 400),
                Arguments.of("nearby with an SQL fragment", "GET", "/api/complaints/nearby?category=flood&lat=-7.6;drop&lon=111.5", null, 400),
                Arguments.of("nearby with an unknown parameter", "GET", "/api/complaints/nearby?category=flood&lat=-7.6&lon=111.5&radius=9000", null, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void refusesMalformedMissingOversizedAndHostileInputOnEveryNewEndpointAndWritesNothing(String what, String method,
            String path, String body, int status) throws Exception {
        long before = intake.recordsOnComplaints();

        HttpResponse<String> response = intake.send(intake.request(path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("<script>");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    @Test
    void refusesABodyThatIsNotUtf8AndOneOver64KiBWithoutWritingAnything() throws Exception {
        long before = intake.recordsOnComplaints();
        byte[] latin1 = body(f -> f.put("description", "Lampu mati di depan toko \u00e9")).getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> notUtf8 = intake.send(intake.request("/api/complaints")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        HttpResponse<String> big = post(body(f -> f.put("description", "x".repeat(70_000))), "call-big");

        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(json(notUtf8).get("detail").asText()).isEqualTo("the request body is not valid UTF-8");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(intake.complaintRecords()).hasSize((int) before);
    }

    @Test
    void answers404ForAnUnknownComplaintAnd400ForAnIdThatIsNotAUuid() {
        HttpResponse<String> unknown = intake.get("/api/complaints/0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asText()).isEqualTo("no complaint 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a");

        HttpResponse<String> notAnId = intake.get("/api/complaints/MDN-2026-000001");
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(notAnId.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void isReadyWhileTheViewRunsAndTheDatabaseAnswers() {
        HttpResponse<String> ready = intake.get("/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).at("/services/intake")).isEqualTo(Json.MAPPER.createObjectNode()
                .put("ready", true).put("detail", "intake-view streams RUNNING; database answered"));
    }

    private static String reportedAndShown() {
        HttpResponse<String> response = post(aStreetLightOut(f -> f.put("lat", -7.6400)).toString(), "lifecycle");
        String id = json(response).get("complaintId").asText();
        intake.awaitOk("/api/complaints/" + id);
        return id;
    }

    private static Event<ComplaintEvent> onlyEventOf(String id) throws Exception {
        List<Event<ComplaintEvent>> events = eventsOf(id);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static Event<ComplaintEvent> lastEventOf(String id) throws Exception {
        List<Event<ComplaintEvent>> events = eventsOf(id);
        return events.get(events.size() - 1);
    }

    private static List<Event<ComplaintEvent>> eventsOf(String id) throws Exception {
        List<Event<ComplaintEvent>> events = new ArrayList<>();
        for (var record : intake.complaintRecords()) {
            if (record.key().equals(id)) {
                events.add(Topics.COMPLAINTS.decode(record.value()));
            }
        }
        return events;
    }

    private static List<String> pointers(JsonNode problem) {
        List<String> named = new ArrayList<>();
        problem.get("errors").forEach(e -> named.add(e.get("pointer").asText()));
        return named;
    }

    private static String body(Consumer<ObjectNode> change) {
        return aStreetLightOut(change).toString();
    }

    private static String aFallenTreeAt(double lat, double lon) {
        return aStreetLightOut(f -> f.put("category", "fallen-tree").put("lat", lat).put("lon", lon)
                .put("description", "Pohon tumbang")).toString();
    }

    private static ObjectNode aStreetLightOut(Consumer<ObjectNode> change) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("category", "street-light-out")
                .put("lat", -7.6298)
                .put("lon", 111.5239)
                .put("address", "Jl. Pahlawan 12, Kartoharjo")
                .put("description", "Lampu jalan mati sejak semalam");
        body.putObject("reporter").put("name", "Sri Wahyuni").put("phone", "+62 812-3456-7890");
        change.accept(body);
        return body;
    }

    private static String ticketOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(201);
        return json(response).get("ticket").asText();
    }

    private static HttpResponse<String> post(String body, String correlationId) {
        return intake.send(intake.request("/api/complaints")
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> idempotentPost(String path, String body, String key) {
        return intake.send(intake.request(path)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
