package siaga.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.EventPayload;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ServiceHost;
import siaga.runtime.access.AccessConfig;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.Await;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;
import siaga.testing.TopicReader;

/**
 * Intake running against a real embedded broker and PostgreSQL, with the reference data read from the
 * repository's {@code infra/reference/madiun.yaml} (so the file itself, integrators included, is what is tested),
 * plus the HTTP and topic helpers the integration tests share. One per test class.
 */
final class RunningIntake implements AutoCloseable {
    static final Path MADIUN_YAML = Path.of("../../infra/reference/madiun.yaml");
    static final ReferenceCatalog REFERENCE = new ReferenceCatalog(List.of(ReferenceData.fromFile(MADIUN_YAML),
            ReferenceData.fromFile(MADIUN_YAML.resolveSibling("banjarbaru.yaml"))));

    final TestKafka kafka;
    final TestDatabase db;
    final ServiceHost host;
    final Admin admin;
    final HttpClient http;
    final URI base;
    private final Producer<String, byte[]> producer;

    /** The demo operator's bearer token, sent by {@link #request} unless a test asks for {@link #anonymous}. */
    final String operatorToken;

    /** Intake with the public endpoints' rate limit high enough that no test meets it. */
    RunningIntake() {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        admin = Admin.create(KafkaSettings.admin(kafka.config()));
        SiagaConfig config = db.applyTo(kafka.config()).with(AccessConfig.PUBLIC_RATE, "100000");
        host = new ServiceHost(config, REFERENCE, Clock.systemUTC(), List.of(new IntakeService(config, REFERENCE, Clock.systemUTC())));
        base = URI.create("http://localhost:" + host.start(0));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        producer = new KafkaProducer<>(KafkaSettings.producer(kafka.config(), "intake-test"));
        Await.until("intake ready", Duration.ofSeconds(60), host::ready);
        operatorToken = signIn(http, base, "op-sri", "siaga-demo-operator");
    }

    /** Signs in through {@code POST /api/session} and returns the token. */
    static String signIn(HttpClient http, URI base, String user, String password) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.createObjectNode()
                            .put("user", user).put("password", password).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("sign-in of " + user + " answered " + response.statusCode() + " " + response.body());
            }
            return Json.MAPPER.readTree(response.body()).get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String signIn(String user, String password) {
        return signIn(http, base, user, password);
    }

    @Override
    public void close() {
        producer.close();
        host.close();
        admin.close();
        db.close();
        kafka.close();
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request signed in as the demo operator. */
    HttpRequest.Builder request(String path) {
        return anonymous(path).header("Authorization", "Bearer " + operatorToken);
    }

    HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> postJson(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Polls {@code path} until it answers 200 and returns that answer. */
    HttpResponse<String> awaitOk(String path) {
        return Await.until(path + " answering 200", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = get(path);
            return r.statusCode() == 200 ? r : null;
        });
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an event as another service would (the crew's resolution on {@code field}, say). */
    void publish(String topic, Event<? extends EventPayload> event) throws Exception {
        producer.send(new ProducerRecord<>(topic, event.subjectId(), EventCodec.encode(event))).get();
    }

    /** Sends a record without waiting for the broker, for bulk loads; {@link #flush} waits for all of them. */
    void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    void flush() {
        producer.flush();
    }

    /** Every record on complaints, read from the start; one more poll makes an unexpected extra record show. */
    List<ConsumerRecord<String, byte[]>> complaintRecords() throws Exception {
        return TopicReader.readAll(kafka.bootstrapServers(), Topics.COMPLAINTS.name(), (int) recordsOnComplaints(),
                Duration.ofSeconds(15));
    }

    /** How many records complaints holds: the sum of its partitions' end offsets (intake writes no transactions). */
    long recordsOnComplaints() throws Exception {
        String topic = Topics.COMPLAINTS.name();
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /** How many idempotency keys are stored, to prove a refused request left none. */
    long idempotencyKeys() throws Exception {
        try (var connection = db.connect(); var statement = connection.createStatement();
             var result = statement.executeQuery("select count(*) from " + db.schema() + ".idempotency_key")) {
            result.next();
            return result.getLong(1);
        }
    }
}
