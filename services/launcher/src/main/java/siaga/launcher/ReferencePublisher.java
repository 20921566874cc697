package siaga.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;

/**
 * The config tool's part in the demo: publishes each jurisdiction's validated reference data to the compacted
 * {@code reference} topic, keyed by jurisdiction id, as a document of {@code schemas/reference.v1.json}, so
 * every service and integrator can see the version in force. The dispatcher follows the topic live; the other
 * services load the same YAML at start-up.
 */
public final class ReferencePublisher {
    private static final Logger log = LoggerFactory.getLogger(ReferencePublisher.class);

    private ReferencePublisher() {
    }

    public static void publish(SiagaConfig config, ReferenceCatalog catalog) {
        try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.producer(config, "siaga-reference-publisher"))) {
            for (ReferenceData data : catalog.list()) {
                byte[] value = Json.MAPPER.writeValueAsBytes(data);
                producer.send(new ProducerRecord<>(Topics.REFERENCE, data.jurisdiction().id(), value)).get();
                log.info("published reference data of {} ({} categories, {} crews)", data.jurisdiction().id(),
                        data.categories().size(), data.crews().size());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write reference data", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing reference data", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish reference data: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
