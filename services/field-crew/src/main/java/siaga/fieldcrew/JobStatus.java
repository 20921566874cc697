package siaga.fieldcrew;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;

/**
 * How far the assigned crew has taken a job. The legal moves:
 * <pre>
 * dispatched   -> acknowledged | declined
 * acknowledged -> en-route | resolved | declined | cannot-fix
 * en-route     -> on-scene | cannot-fix
 * on-scene     -> resolved | cannot-fix
 * </pre>
 * Resolving straight from acknowledged stays legal: the skeleton's end-to-end test and the demo simulator
 * acknowledge and then resolve, and a crew that forgot to tap "en route" and "on scene" has still fixed it.
 * Resolved, declined and cannot-fix end this crew's part: a declined or cannot-fix job goes back to the
 * dispatcher, which may dispatch it again (to another crew, or another department's).
 */
public enum JobStatus {
    @JsonProperty("dispatched") DISPATCHED,
    @JsonProperty("acknowledged") ACKNOWLEDGED,
    @JsonProperty("en-route") EN_ROUTE,
    @JsonProperty("on-scene") ON_SCENE,
    @JsonProperty("resolved") RESOLVED,
    @JsonProperty("declined") DECLINED,
    @JsonProperty("cannot-fix") CANNOT_FIX;

    public List<JobStatus> allowedNext() {
        return switch (this) {
            case DISPATCHED -> List.of(ACKNOWLEDGED, DECLINED);
            case ACKNOWLEDGED -> List.of(EN_ROUTE, RESOLVED, DECLINED, CANNOT_FIX);
            case EN_ROUTE -> List.of(ON_SCENE, CANNOT_FIX);
            case ON_SCENE -> List.of(RESOLVED, CANNOT_FIX);
            case RESOLVED, DECLINED, CANNOT_FIX -> List.of();
        };
    }

    public boolean canBecome(JobStatus next) {
        return allowedNext().contains(next);
    }

    /** Whether the assigned crew still has work to do on it. */
    public boolean isOpen() {
        return !allowedNext().isEmpty();
    }

    /** Declined or cannot-fix: the crew handed the job back, so the dispatcher may dispatch it again. */
    public boolean isHandedBack() {
        return this == DECLINED || this == CANNOT_FIX;
    }

    /** The status a field event brings its job to. */
    public static JobStatus reachedBy(FieldEvent event) {
        if (event instanceof JobAcknowledged) {
            return ACKNOWLEDGED;
        }
        if (event instanceof JobEnRoute) {
            return EN_ROUTE;
        }
        if (event instanceof JobOnScene) {
            return ON_SCENE;
        }
        if (event instanceof JobResolved) {
            return RESOLVED;
        }
        if (event instanceof JobDeclined) {
            return DECLINED;
        }
        if (event instanceof JobCannotFix) {
            return CANNOT_FIX;
        }
        throw new IllegalArgumentException("no job status for " + event.getClass().getSimpleName());
    }

    /** The name on the wire and in API responses, such as {@code en-route}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return wireName();
    }
}
