package siaga.archive.ingest;

import org.apache.kafka.common.TopicPartition;

/**
 * Another consumer moved a partition's stored offset since this one read it: the partition was reassigned
 * and this instance's view is stale. The batch is rolled back and the partition re-read from its stored offset.
 */
public class OffsetConflictException extends Exception {
    public OffsetConflictException(TopicPartition partition, Long expected) {
        super("the stored offset of " + partition + " is no longer " + (expected == null ? "absent" : expected)
                + ": another consumer archived it");
    }
}
