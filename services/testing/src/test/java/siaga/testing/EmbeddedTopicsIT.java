package siaga.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.runtime.kafka.KafkaSettings;
import siaga.runtime.kafka.TopicProvisioner;

class EmbeddedTopicsIT {
    static TestKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = TestKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void provisionsEveryTopicOfTheDesignAndAcknowledgesWrites() throws Exception {
        try (Admin admin = Admin.create(KafkaSettings.admin(kafka.config()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Set.of("complaints", "dispatch", "field", "crews", "sla", "sla-metrics", "reference", "dead-letter"));
            assertThat(admin.describeTopics(Set.of("complaints")).allTopicNames().get().get("complaints").partitions()).hasSize(6);
            TopicProvisioner.apply(admin, TopicProvisioner.specs((short) 1));
        }
        try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(kafka.config(), "it"))) {
            producer.send(new ProducerRecord<>("dead-letter", "k", "v".getBytes())).get();
        }
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), "dead-letter", 1, Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    void refusesToRunAgainstATopicThatDisagreesWithTheFile() throws Exception {
        try (Admin admin = Admin.create(KafkaSettings.admin(kafka.config()))) {
            var specs = TopicProvisioner.specs((short) 1).stream()
                    .map(s -> s.name().equals("dispatch") ? new TopicProvisioner.TopicSpec(s.name(), 3, s.replicationFactor(), Map.of("cleanup.policy", "compact")) : s)
                    .toList();
            assertThatThrownBy(() -> TopicProvisioner.apply(admin, specs))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dispatch has 6 partitions, infra/kafka/topics.yaml says 3")
                    .hasMessageContaining("dispatch has cleanup.policy=delete, infra/kafka/topics.yaml says compact");
        }
    }
}
