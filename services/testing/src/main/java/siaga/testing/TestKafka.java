package siaga.testing;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import siaga.broker.EmbeddedKafka;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.TopicProvisioner;

/**
 * A real broker for one test class: started in {@code @BeforeAll}, closed in {@code @AfterAll}, with every
 * topic of {@code infra/kafka/topics.yaml} created. A test that cannot start it fails; nothing is skipped.
 */
public final class TestKafka implements AutoCloseable {
    private final EmbeddedKafka broker;

    private TestKafka(EmbeddedKafka broker) {
        this.broker = broker;
    }

    public static TestKafka start() {
        TestKafka kafka = new TestKafka(EmbeddedKafka.temporary().start());
        try (Admin admin = Admin.create(KafkaSettings.admin(kafka.config()))) {
            TopicProvisioner.apply(admin, TopicProvisioner.specs((short) 1));
        }
        return kafka;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Settings pointing at this broker, with Streams state in a fresh directory. */
    public SiagaConfig config() {
        try {
            return SiagaConfig.of(Map.of(
                    SiagaConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    SiagaConfig.STATE_DIR, java.nio.file.Files.createTempDirectory("siaga-state-").toString(),
                    SiagaConfig.APP_ID_PREFIX, "test-" + Long.toHexString(System.nanoTime())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
