package siaga.launcher.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Topics;

/**
 * Counts the committed records on a topic from its beginning to its end as of now, reading every one (not
 * subtracting offsets, which would count gaps and markers), and how many of them {@code complaint.reported}.
 * For {@code infra/bench/intake-wrk.sh}, to compare with the 201s a load test saw.
 *
 * <p>Usage: {@code CountRecords <bootstrap> <topic>}; prints {@code records=N reported=M}. A record that is not a
 * valid event fails the count: on {@code complaints} intake writes only valid ones.
 */
public final class CountRecords {
    private CountRecords() {
    }

    public static void main(String[] args) throws InvalidEventException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long records = 0;
        long reported = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(args[1]).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    records++;
                    if (args[1].equals(Topics.COMPLAINTS.name())
                            && Topics.COMPLAINTS.decode(record.value()).type().equals("complaint.reported")) {
                        reported++;
                    }
                }
            }
        }
        System.out.println("records=" + records + " reported=" + reported);
    }
}
