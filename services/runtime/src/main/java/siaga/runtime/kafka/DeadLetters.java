package siaga.runtime.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Json;
import siaga.contracts.Topics;

/** Building and writing {@code dead-letter} records, keyed by the original key. */
public final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    /**
     * A dead letter for a record a Streams processor read and could not decode, with the record's source
     * coordinates ({@code -1} where there is no current record); logs one line with them and the reason.
     */
    public static DeadLetter refused(Optional<RecordMetadata> source, String fallbackTopic, String key, byte[] raw,
                                     String reason, String service, Instant at) {
        DeadLetter letter = at(source, fallbackTopic, key, raw, reason, service, at);
        log.warn("dead-lettered {}-{}@{} key {}: {}", letter.sourceTopic(), letter.sourcePartition(),
                letter.sourceOffset(), key, reason);
        return letter;
    }

    /** The same for an event that decoded but breaks a rule of the processor; the log names the event id. */
    public static DeadLetter refused(Optional<RecordMetadata> source, String key, Event<?> event, String reason,
                                     String service, Instant at) {
        DeadLetter letter = at(source, "unknown", key, EventCodec.encode(event), reason, service, at);
        log.warn("dead-lettered {}-{}@{} key {} event {}: {}", letter.sourceTopic(), letter.sourcePartition(),
                letter.sourceOffset(), key, event.eventId(), reason);
        return letter;
    }

    private static DeadLetter at(Optional<RecordMetadata> source, String fallbackTopic, String key, byte[] raw,
                                 String reason, String service, Instant at) {
        return of(source.map(RecordMetadata::topic).orElse(fallbackTopic), source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), key, raw, reason, service, at);
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
    public static org.apache.kafka.clients.producer.RecordMetadata send(Producer<String, byte[]> producer, DeadLetter letter) {
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
