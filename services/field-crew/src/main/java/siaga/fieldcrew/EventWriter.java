package siaga.fieldcrew;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.events.EventPayload;
import siaga.runtime.http.ProblemException;

/**
 * Writes one event and waits until the broker acknowledged it (the producer is idempotent with acks=all), so
 * that a 200 answer means the fact is durable. A write that fails or is not confirmed in time is a 503: the
 * crew may retry; a retry with the same event id of a write that did land gets the first answer once the view
 * has applied it (the view ignores the event if it is written twice).
 */
final class EventWriter {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

    private final Producer<String, byte[]> producer;
    private final Duration timeout;

    EventWriter(Producer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    <P extends EventPayload> RecordMetadata write(EventTopic<P> topic, String key, Event<? extends P> event) {
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic.name(), key, topic.encode(event)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.debug("wrote {} {} to {}-{}@{}", event.type(), event.eventId(), written.topic(), written.partition(),
                    written.offset());
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notWritten(topic, event, "interrupted");
        } catch (ExecutionException e) {
            log.warn("writing {} {} to {} failed: {}", event.type(), event.eventId(), topic, e.getCause().toString());
            throw notWritten(topic, event, "failed");
        } catch (TimeoutException e) {
            log.warn("writing {} {} to {} not confirmed within {}", event.type(), event.eventId(), topic, timeout);
            throw notWritten(topic, event, "not confirmed in time");
        }
    }

    private static ProblemException notWritten(EventTopic<?> topic, Event<?> event, String why) {
        return ProblemException.unavailable("the " + event.type() + " event could not be written to " + topic
                + " (" + why + "); check the current state before retrying");
    }
}
