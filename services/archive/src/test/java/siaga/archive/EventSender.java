package siaga.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.SlaEvent;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.TestDatabase;

/** Writes events to the topic their writer would, keyed as it would, and remembers their ids. */
final class EventSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final List<UUID> sent = new ArrayList<>();

    EventSender(SiagaConfig config) {
        this.producer = new KafkaProducer<>(KafkaSettings.producer(config, "archive-test-" + UUID.randomUUID()));
    }

    static String topicOf(Event<?> event) {
        if (event.data() instanceof ComplaintEvent) {
            return Topics.COMPLAINTS.name();
        }
        if (event.data() instanceof DispatchEvent) {
            return Topics.DISPATCH.name();
        }
        if (event.data() instanceof FieldEvent) {
            return Topics.FIELD.name();
        }
        if (event.data() instanceof CrewEvent) {
            return Topics.CREWS.name();
        }
        if (event.data() instanceof SlaEvent) {
            return Topics.SLA.name();
        }
        throw new IllegalArgumentException("no topic for " + event.type());
    }

    /** Sends every event and waits until the broker has them all. */
    List<RecordMetadata> send(List<? extends Event<?>> events) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (Event<?> event : events) {
            futures.add(producer.send(new ProducerRecord<>(topicOf(event), event.subjectId(), EventCodec.encode(event))));
            sent.add(event.eventId());
        }
        List<RecordMetadata> written = new ArrayList<>();
        try {
            for (Future<RecordMetadata> future : futures) {
                written.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending failed", e.getCause());
        }
        return written;
    }

    List<RecordMetadata> send(Event<?>... events) {
        return send(List.of(events));
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    /** Whether every event sent so far is archived. */
    boolean allArchived(TestDatabase db) {
        return ArchiveTables.eventsOf(db, sent.toArray(UUID[]::new)) == sent.size();
    }

    @Override
    public void close() {
        producer.close();
    }
}
