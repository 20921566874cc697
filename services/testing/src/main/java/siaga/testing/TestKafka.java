package siaga.testing;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.testcontainers.kafka.KafkaContainer;
import siaga.broker.EmbeddedKafka;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.TopicProvisioner;

/**
 * A real broker for one test class: started in {@code @BeforeAll}, closed in {@code @AfterAll}, with every
 * topic of {@code infra/kafka/topics.yaml} created. In a container (Testcontainers' Kafka module) where a Docker
 * engine answers, otherwise the embedded KRaft broker in this JVM. A test that cannot start it fails; nothing
 * is skipped.
 */
public final class TestKafka implements AutoCloseable {
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    private final String bootstrapServers;
    private final AutoCloseable broker;

    private TestKafka(String bootstrapServers, AutoCloseable broker) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    public static TestKafka start() {
        TestKafka kafka;
        if (Docker.available()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            kafka = new TestKafka(container.getBootstrapServers(), container::stop);
        } else {
            EmbeddedKafka embedded = EmbeddedKafka.temporary().start();
            kafka = new TestKafka(embedded.bootstrapServers(), embedded);
        }
        try (Admin admin = Admin.create(KafkaSettings.admin(kafka.config()))) {
            TopicProvisioner.apply(admin, TopicProvisioner.specs((short) 1));
        }
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Settings pointing at this broker, with Streams state in a fresh directory. */
    public SiagaConfig config() {
        try {
            return SiagaConfig.of(Map.of(
                    SiagaConfig.BOOTSTRAP_SERVERS, bootstrapServers,
                    SiagaConfig.STATE_DIR, java.nio.file.Files.createTempDirectory("siaga-state-").toString(),
                    SiagaConfig.APP_ID_PREFIX, "test-" + Long.toHexString(System.nanoTime())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not stop cleanly", e);
        }
    }
}
