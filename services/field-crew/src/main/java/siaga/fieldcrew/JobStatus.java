package siaga.fieldcrew;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;

/**
 * How far a crew has taken a job, in the order a job must go: dispatched, then acknowledged, then resolved.
 * En route, on scene and declined come with the full crew workflow.
 */
public enum JobStatus {
    @JsonProperty("dispatched") DISPATCHED,
    @JsonProperty("acknowledged") ACKNOWLEDGED,
    @JsonProperty("resolved") RESOLVED;

    public List<JobStatus> allowedNext() {
        return switch (this) {
            case DISPATCHED -> List.of(ACKNOWLEDGED);
            case ACKNOWLEDGED -> List.of(RESOLVED);
            case RESOLVED -> List.of();
        };
    }

    public boolean canBecome(JobStatus next) {
        return allowedNext().contains(next);
    }

    /** The status a field event brings its job to. */
    public static JobStatus reachedBy(FieldEvent event) {
        if (event instanceof JobAcknowledged) {
            return ACKNOWLEDGED;
        }
        if (event instanceof JobResolved) {
            return RESOLVED;
        }
        throw new IllegalArgumentException("no job status for " + event.getClass().getSimpleName());
    }

    /** The name on the wire and in API responses: {@code dispatched}, {@code acknowledged}, {@code resolved}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
