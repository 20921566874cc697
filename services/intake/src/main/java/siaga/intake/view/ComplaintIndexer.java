package siaga.intake.view;

import java.time.Duration;
import java.util.function.BiFunction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the two lookup stores beside {@code complaint-view-by-id} in step with each view change: the ticket's
 * complaint id (for the public tracking page and Open311), and each open complaint under its
 * {@link NearbyGrid} key (for duplicate detection). A complaint leaves the nearby store as soon as it is no
 * longer {@linkplain ComplaintStatus#isOpen() open}, and a wall-clock sweep every minute drops those reported
 * longer ago than its category's duplicate window, so the store holds only what a duplicate query can return.
 *
 * <p>A view's category and location never change after its report, so its grid key is stable and a repeated
 * update only overwrites the same entry.
 */
public final class ComplaintIndexer implements Processor<String, ComplaintView, Void, Void> {
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final String ticketStoreName;
    private final String nearbyStoreName;
    private final BiFunction<String, String, Duration> keepFor;
    private KeyValueStore<String, String> tickets;
    private KeyValueStore<String, NearbyComplaint> nearby;

    /** {@code keepFor} gives the duplicate window of a jurisdiction's (first argument) category (second). */
    public ComplaintIndexer(String ticketStoreName, String nearbyStoreName, BiFunction<String, String, Duration> keepFor) {
        this.ticketStoreName = ticketStoreName;
        this.nearbyStoreName = nearbyStoreName;
        this.keepFor = keepFor;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        tickets = context.getStateStore(ticketStoreName);
        nearby = context.getStateStore(nearbyStoreName);
        context.schedule(SWEEP_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> sweep(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, ComplaintView> record) {
        ComplaintView view = record.value();
        if (view == null || !view.isReported()) {
            return;
        }
        tickets.put(view.ticket(), view.id());
        String key = NearbyGrid.key(view.jurisdiction(), view.category(), view.location(), view.id());
        if (view.status().isOpen()) {
            nearby.put(key, new NearbyComplaint(view.id(), view.ticket(), view.category(), view.location(), view.reportedAt()));
        } else {
            nearby.delete(key);
        }
    }

    private void sweep(Instant now) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, NearbyComplaint> all = nearby.all()) {
            while (all.hasNext()) {
                KeyValue<String, NearbyComplaint> entry = all.next();
                String jurisdiction = entry.key.substring(0, entry.key.indexOf('/'));
                if (entry.value.reportedAt().isBefore(now.minus(keepFor.apply(jurisdiction, entry.value.category())))) {
                    stale.add(entry.key);
                }
            }
        }
        stale.forEach(nearby::delete);
    }
}
