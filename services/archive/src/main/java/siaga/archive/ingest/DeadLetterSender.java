package siaga.archive.ingest;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.archive.ingest.ArchiveBatch.Refused;
import siaga.contracts.DeadLetter;
import siaga.runtime.kafka.DeadLetters;

/**
 * Sends the dead letters of records the archive refused, synchronously, before the batch that passes over them
 * is committed: a record is only passed over once its dead letter is durable. A record this sender has sent
 * already (a retry of the same batch) is not sent again. Sent records are remembered one by one until
 * {@link #committed}: a retry may refuse a record before one it sent already (a ticket another instance took
 * meanwhile). Not thread-safe.
 */
public final class DeadLetterSender {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterSender.class);
    private static final int MAX_REASON_LENGTH = 2000;

    private final Producer<String, byte[]> producer;
    private final String serviceName;
    private final Clock clock;
    private final Map<TopicPartition, NavigableSet<Long>> sent = new HashMap<>();

    public DeadLetterSender(Producer<String, byte[]> producer, String serviceName, Clock clock) {
        this.producer = producer;
        this.serviceName = serviceName;
        this.clock = clock;
    }

    /** Sends the dead letter of each of {@code refused} not sent yet; throws when one cannot be written. */
    public void send(List<Refused> refused) throws DeadLetterFailedException {
        for (Refused record : refused) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            NavigableSet<Long> sentOffsets = sent.computeIfAbsent(partition, p -> new TreeSet<>());
            if (sentOffsets.contains(record.offset())) {
                continue;
            }
            String reason = record.reason().length() <= MAX_REASON_LENGTH ? record.reason()
                    : record.reason().substring(0, MAX_REASON_LENGTH - 3) + "...";
            DeadLetter letter = DeadLetters.of(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), reason, serviceName, clock.instant());
            RecordMetadata written;
            try {
                written = DeadLetters.send(producer, letter);
            } catch (IllegalStateException e) {
                throw new DeadLetterFailedException(e);
            }
            sentOffsets.add(record.offset());
            // the reason stays on the topic: it may quote the record, which may hold personal data
            log.warn("dead-lettered {}@{} to {}-{}@{}: not an archivable event", partition, record.offset(),
                    written.topic(), written.partition(), written.offset());
        }
    }

    /** Forgets what was sent before {@code nextOffsets}: a batch passing over it is committed. */
    public void committed(Map<TopicPartition, Long> nextOffsets) {
        nextOffsets.forEach((partition, next) -> {
            NavigableSet<Long> sentOffsets = sent.get(partition);
            if (sentOffsets != null) {
                sentOffsets.headSet(next).clear();
                if (sentOffsets.isEmpty()) {
                    sent.remove(partition);
                }
            }
        });
    }

    /** Forgets what was sent from {@code partitions}: another instance may have archived them since. */
    public void forget(Collection<TopicPartition> partitions) {
        sent.keySet().removeAll(partitions);
    }

    /** A dead letter could not be written; the batch must not be committed. */
    public static final class DeadLetterFailedException extends Exception {
        DeadLetterFailedException(IllegalStateException cause) {
            super("cannot write to dead-letter: " + cause.getMessage(), cause);
        }
    }
}
