package siaga.fieldcrew;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.runtime.http.ProblemException;

/**
 * Reads the stores of {@link FieldCrewTopology} in this instance (Interactive Query). A key whose partition
 * another instance owns reads as absent: routing requests to the owner comes with running several instances.
 * Thread-safe.
 */
final class FieldCrewViews {
    private static final long POLL_MILLIS = 20;

    private final KafkaStreams streams;

    FieldCrewViews(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The complaint's job; a 503 problem while the view is starting or rebalancing. */
    Optional<Job> findJob(String complaintId) {
        return Optional.ofNullable(readOrUnavailable(FieldCrewTopology.JOBS_BY_COMPLAINT, complaintId));
    }

    /** The crew's shift, empty if it never reported; a 503 problem while the view is starting or rebalancing. */
    Optional<Shift> findShift(String crewId) {
        return Optional.ofNullable(readOrUnavailable(FieldCrewTopology.SHIFTS_BY_CREW, crewId));
    }

    /** The complaint as reported; empty if this view has not seen the report (yet). */
    Optional<ComplaintSummary> findComplaint(String complaintId) {
        return Optional.ofNullable(readOrUnavailable(FieldCrewTopology.COMPLAINTS_BY_ID, complaintId));
    }

    /** The crew's day of attendance; empty if it started no shift that day. */
    Optional<CrewDay> findCrewDay(String crewId, LocalDate date) {
        return Optional.ofNullable(readOrUnavailable(FieldCrewTopology.ATTENDANCE_BY_CREW_AND_DAY, CrewDay.key(crewId, date)));
    }

    /** The complaint ids of the jobs the crew has not finished or handed back, in id order. */
    List<String> listOpenJobIds(String crewId) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> found = this.<String>store(FieldCrewTopology.OPEN_JOBS_BY_CREW)
                .prefixScan(FieldCrewTopology.openJobKey(crewId, ""), new StringSerializer())) {
            found.forEachRemaining(entry -> ids.add(entry.value));
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("the field-crew view is not ready (" + streams.state() + "); retry shortly");
        }
        return ids.stream().sorted().toList();
    }

    /** Polls until the job exists and satisfies {@code condition}, for at most {@code timeout}; empty if it did not. */
    Optional<Job> awaitJob(String complaintId, Predicate<Job> condition, Duration timeout) {
        return await(FieldCrewTopology.JOBS_BY_COMPLAINT, complaintId, condition, timeout);
    }

    Optional<Shift> awaitShift(String crewId, Predicate<Shift> condition, Duration timeout) {
        return await(FieldCrewTopology.SHIFTS_BY_CREW, crewId, condition, timeout);
    }

    private <V> Optional<V> await(String storeName, String key, Predicate<V> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                V value = this.<V>store(storeName).get(key);
                if (value != null && condition.test(value)) {
                    return Optional.of(value);
                }
            } catch (InvalidStateStoreException e) {
                // rebalancing: the store comes back (here or elsewhere) and the wait goes on until the deadline
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private <V> V readOrUnavailable(String storeName, String key) {
        try {
            return this.<V>store(storeName).get(key);
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("the field-crew view is not ready (" + streams.state() + "); retry shortly");
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String storeName) {
        return streams.store(StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
