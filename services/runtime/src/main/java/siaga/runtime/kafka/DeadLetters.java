package siaga.runtime.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import siaga.contracts.DeadLetter;
import siaga.contracts.Json;
import siaga.contracts.Topics;

/** Building and writing {@code dead-letter} records, keyed by the original key. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static DeadLetter of(String topic, int partition, long offset, String key, byte[] raw, String reason,
                                String service, Instant at) {
        String text = raw == null ? null : new String(raw, StandardCharsets.UTF_8);
        return new DeadLetter(topic, partition, offset, key, text, reason, service, at);
    }

    public static byte[] encode(DeadLetter letter) {
        try {
            return Json.MAPPER.writeValueAsBytes(letter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write dead letter for " + letter.sourceTopic(), e);
        }
    }

    /** Writes synchronously: the caller moves past the bad record only once its dead letter is durable. */
    public static RecordMetadata send(Producer<String, byte[]> producer, DeadLetter letter) {
        try {
            return producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, letter.key(), encode(letter))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing a dead letter", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot write a dead letter for " + letter.sourceTopic() + "-"
                    + letter.sourcePartition() + "@" + letter.sourceOffset(), e.getCause());
        }
    }
}
