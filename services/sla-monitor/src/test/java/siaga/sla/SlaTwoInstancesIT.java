package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.sla.Complaints.reportedIn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Event;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.StreamsPeers;
import siaga.testing.Await;
import siaga.testing.DemoUsers;
import siaga.testing.Instances;
import siaga.testing.TestKafka;

/**
 * Two SLA monitor instances sharing the aggregation partitions on a real broker: whichever instance a query
 * reaches answers for all of them, asking the other for its share, and neither share alone is the whole.
 */
class SlaTwoInstancesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String[]> PLACES = List.of(
            new String[] {"madiun", "kartoharjo", "fallen-tree", "DLH"},
            new String[] {"madiun", "taman", "flood", "BPBD"},
            new String[] {"madiun", "manguharjo", "street-light-out", "DISHUB"},
            new String[] {"madiun", "kartoharjo", "fire", "DAMKAR"},
            new String[] {"madiun", "taman", "pothole", "PUPR"},
            new String[] {"banjarbaru", "banjarbaru-utara", "fallen-tree", "DLH"},
            new String[] {"banjarbaru", "banjarbaru-selatan", "flood", "BPBD"},
            new String[] {"banjarbaru", "banjarbaru-utara", "street-light-out", "DISHUB"});
    private static final int COMPLAINTS = 48;
    /** Of the 48, those in Kota Madiun (five of every eight places); the others are Banjarbaru's. */
    private static final int IN_MADIUN = 30;
    private static DemoUsers users;
    private static TestKafka kafka;
    private static final List<ServiceHost> hosts = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void start() {
        kafka = TestKafka.start();
        SiagaConfig shared = kafka.config();
        for (int i = 0; i < 2; i++) {
            int port = Instances.freePort();
            SiagaConfig config = Instances.own(shared, port);
            ServiceHost host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(),
                    List.of(new SlaMonitorService(config, ReferenceCatalog.demo(), Clock.systemUTC())));
            hosts.add(host);
            ports.add(host.start(port));
        }
        Await.until("both SLA monitors ready", Duration.ofSeconds(90), () -> hosts.stream().allMatch(ServiceHost::ready));
        users = new DemoUsers(URI.create("http://localhost:" + ports.get(0)));
    }

    @AfterAll
    static void stop() {
        hosts.forEach(ServiceHost::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eitherInstanceAnswersForEveryPartitionAndNeitherHoldsThemAll() throws Exception {
        Instant reportedAt = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.config(), "sla-two-it"))) {
            for (int i = 0; i < COMPLAINTS; i++) {
                String[] place = PLACES.get(i % PLACES.size());
                Event<ComplaintReported> complaint = reportedIn(place[0], place[1], UUID.randomUUID().toString(), place[2],
                        place[3], 3, reportedAt.plusSeconds(i));
                producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), null, complaint.occurredAt().toEpochMilli(),
                        complaint.subjectId(), Topics.COMPLAINTS.encode(complaint))).get();
            }
        }

        for (int instance = 0; instance < 2; instance++) {
            int i = instance;
            Await.until("instance " + i + " counting every open complaint", Duration.ofSeconds(90),
                    () -> backlog(get(i, DemoUsers.MANAGER, "/api/sla/dimensions/category?window=1h", false)) == IN_MADIUN
                            && backlog(get(i, DemoUsers.BANJARBARU_MANAGER, "/api/sla/dimensions/category?window=1h", false))
                            == COMPLAINTS - IN_MADIUN);
        }
        JsonNode first = get(0, DemoUsers.MANAGER, "/api/sla/dimensions/kecamatan?window=day", false);
        JsonNode second = get(1, DemoUsers.MANAGER, "/api/sla/dimensions/kecamatan?window=day", false);
        assertThat(figures(first)).isEqualTo(figures(second)).hasSize(3);
        assertThat(backlog(first)).isEqualTo(IN_MADIUN);

        long firstShare = 0;
        long secondShare = 0;
        for (String manager : List.of(DemoUsers.MANAGER, DemoUsers.BANJARBARU_MANAGER)) {
            firstShare += backlog(get(0, manager, "/api/sla/dimensions/category?window=1h", true));
            secondShare += backlog(get(1, manager, "/api/sla/dimensions/category?window=1h", true));
        }
        assertThat(firstShare).as("the first instance's own share").isPositive().isLessThan(COMPLAINTS);
        assertThat(firstShare + secondShare).isEqualTo(COMPLAINTS);

        String metrics = text(1, "/metrics");
        assertThat(metrics.lines().filter(line -> line.startsWith("siaga_sla_backlog{") && line.contains(",category=\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                .isEqualTo(COMPLAINTS);
    }

    /** What both instances must agree on; {@code to} and the ages follow each answer's own clock reading. */
    private static List<String> figures(JsonNode dimensions) {
        List<String> figures = new ArrayList<>();
        for (JsonNode value : dimensions.path("values")) {
            figures.add(value.path("jurisdiction").asText() + "/" + value.path("value").asText() + " backlog "
                    + value.path("backlog").asLong() + " oldest " + value.path("oldestOpenReportedAt").asText()
                    + " stages " + value.path("stages"));
        }
        return figures;
    }

    private static long backlog(JsonNode dimensions) {
        long open = 0;
        for (JsonNode value : dimensions.path("values")) {
            open += value.path("backlog").asLong();
        }
        return open;
    }

    private static JsonNode get(int instance, String user, String path, boolean localOnly) {
        HttpRequest.Builder request = users.as(user, HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(instance) + path)));
        if (localOnly) {
            request.header(StreamsPeers.LOCAL_ONLY_HEADER, "1");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String text(int instance, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + ports.get(instance) + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
