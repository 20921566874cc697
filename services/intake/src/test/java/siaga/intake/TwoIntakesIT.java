package siaga.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Json;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.AccessConfig;
import siaga.runtime.kafka.StreamsPeers;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.Instances;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * Two intake instances of one deployment (one broker, one database, one session secret), each holding the views of
 * part of the complaints: whichever instance a request about a complaint reaches answers it, reads and writes alike,
 * and the nearby query lists the open complaints of both.
 */
class TwoIntakesIT {
    private static final int COMPLAINTS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestKafka kafka;
    private static TestDatabase db;
    private static final List<ServiceHost> hosts = new ArrayList<>();
    private static final List<URI> bases = new ArrayList<>();
    private static DemoUsers users;

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig shared = db.applyTo(kafka.config()).with(AccessConfig.PUBLIC_RATE, "100000");
        for (int i = 0; i < 2; i++) {
            int port = Instances.freePort();
            SiagaConfig config = Instances.own(shared, port);
            ServiceHost host = new ServiceHost(config, RunningIntake.REFERENCE, Clock.systemUTC(),
                    List.of(new IntakeService(config, RunningIntake.REFERENCE, Clock.systemUTC())));
            hosts.add(host);
            bases.add(URI.create("http://localhost:" + host.start(port)));
        }
        Await.until("both intakes ready", Duration.ofSeconds(90), () -> hosts.stream().allMatch(ServiceHost::ready));
        users = new DemoUsers(bases.get(0));
    }

    @AfterAll
    static void stop() {
        hosts.forEach(ServiceHost::close);
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eitherInstanceAnswersForEveryComplaint() throws Exception {
        List<JsonNode> filed = new ArrayList<>();
        for (int i = 0; i < COMPLAINTS; i++) {
            // 330 m apart along one street, within one another's flood radius (500 m) only as neighbours
            String body = String.format(Locale.ROOT, """
                    {"category": "flood", "lat": %.4f, "lon": 111.5239, "address": "Jl. Pahlawan %d",
                     "description": "Genangan setinggi lutut", "reporter": {"name": "Sri Wahyuni", "phone": "+62 812-3456-7890"}}
                    """, -7.6200 - i * 0.003, i + 1);
            HttpResponse<String> created = send(0, "POST", "/api/complaints", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            filed.add(Json.MAPPER.readTree(created.body()));
        }

        Set<Integer> answeredLocally = new HashSet<>();
        for (JsonNode complaint : filed) {
            String id = complaint.get("complaintId").asText();
            String ticket = complaint.get("ticket").asText();
            for (int instance = 0; instance < 2; instance++) {
                int i = instance;
                Await.until("instance " + i + " answering for " + ticket, Duration.ofSeconds(30),
                        () -> send(i, "GET", "/api/complaints/" + id, null).statusCode() == 200);
                assertThat(Json.MAPPER.readTree(send(i, "GET", "/api/complaints/" + id, null).body()).get("ticket").asText())
                        .isEqualTo(ticket);
                // right after start-up a rebalance may still move a partition between the two: asked then, an instance
                // may not yet know where a ticket lives, so each is given a moment
                Await.until("instance " + i + " tracking " + ticket, Duration.ofSeconds(30),
                        () -> plain(i, "/track/" + ticket + ".json").statusCode() == 200);
                HttpResponse<String> open311 = Await.until("instance " + i + " answering Open311 for " + ticket,
                        Duration.ofSeconds(30), () -> {
                            HttpResponse<String> answer = plain(i, "/open311/v2/requests/" + ticket + ".xml");
                            return answer.statusCode() == 200 ? answer : null;
                        });
                assertThat(open311.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
                assertThat(open311.body()).contains("<service_request_id>" + ticket + "</service_request_id>");
                if (localOnly(i, "/api/complaints/" + id).statusCode() == 200) {
                    answeredLocally.add(i);
                }
            }
            HttpResponse<String> note = send(1, "POST", "/api/complaints/" + id + "/notes", "{\"note\": \"Warga menelepon lagi\"}");
            assertThat(note.statusCode()).as("a note on " + ticket + " through the second instance: " + note.body()).isEqualTo(200);
        }
        assertThat(answeredLocally).as("each instance holds some of the complaints itself").containsExactlyInAnyOrder(0, 1);

        String nearby = String.format(Locale.ROOT, "/api/complaints/nearby?category=flood&lat=%.4f&lon=111.5239", -7.6200 - 5 * 0.003);
        List<String> first = Await.until("the first instance listing three neighbours", Duration.ofSeconds(30), () -> {
            List<String> listed = tickets(send(0, "GET", nearby, null));
            return listed.size() == 3 ? listed : null;
        });
        assertThat(tickets(send(1, "GET", nearby, null))).isEqualTo(first);
    }

    private static List<String> tickets(HttpResponse<String> nearby) {
        assertThat(nearby.statusCode()).as(nearby.body()).isEqualTo(200);
        List<String> tickets = new ArrayList<>();
        try {
            Json.MAPPER.readTree(nearby.body()).get("complaints").forEach(c -> tickets.add(c.get("ticket").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tickets;
    }

    private static HttpResponse<String> plain(int instance, String path) {
        return exchange(HttpRequest.newBuilder(bases.get(instance).resolve(path)).GET());
    }

    private static HttpResponse<String> localOnly(int instance, String path) {
        return exchange(users.as(DemoUsers.OPERATOR, HttpRequest.newBuilder(bases.get(instance).resolve(path)))
                .header(StreamsPeers.LOCAL_ONLY_HEADER, "1").GET());
    }

    private static HttpResponse<String> send(int instance, String method, String path, String body) {
        HttpRequest.Builder request = users.as(DemoUsers.OPERATOR, HttpRequest.newBuilder(bases.get(instance).resolve(path)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return exchange(request);
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
