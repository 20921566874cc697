package siaga.fieldcrew;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.runtime.http.ProblemException;

/**
 * A crew moving its own job on: checks the request against the job view (the job exists, it is assigned to
 * this crew, the transition is legal from its current state), writes the event to {@code field} and waits,
 * bounded, until the view has applied it, so that the crew's next request sees it.
 *
 * <p>Transitions of one complaint are serialised inside this instance by a striped lock held from the check to
 * the view catching up, so two concurrent requests cannot both pass the check. Across instances the unit of
 * consistency is the job's owner partition (the Streams task that owns the complaint): routing each request to
 * the instance owning that partition is later work; until then run one instance.
 */
final class JobTransitions {
    private static final Logger log = LoggerFactory.getLogger(JobTransitions.class);
    private static final int LOCK_STRIPES = 64;

    private final FieldCrewViews views;
    private final EventWriter writer;
    private final Clock clock;
    private final Duration viewWait;
    private final StripedLocks locks = new StripedLocks(LOCK_STRIPES);

    JobTransitions(FieldCrewViews views, EventWriter writer, Clock clock, Duration viewWait) {
        this.views = views;
        this.writer = writer;
        this.clock = clock;
        this.viewWait = viewWait;
    }

    /** The job once {@code crewId} acknowledged it; 404, 403 or 409 problems when it may not. */
    Job acknowledge(String complaintId, String crewId) {
        return transition(complaintId, crewId, new JobAcknowledged(crewId, clock.instant()));
    }

    /** The job once {@code crewId} resolved it with {@code note}; 404, 403 or 409 problems when it may not. */
    Job resolve(String complaintId, String crewId, String note) {
        return transition(complaintId, crewId, new JobResolved(crewId, note, null, clock.instant()));
    }

    /**
     * The job as the view has it. The crew may learn of a job (from the dispatcher, or the operator's view) a
     * moment before this view applies the dispatch, so an unknown job is waited for, bounded, before the 404.
     */
    Job getJob(String complaintId) {
        return views.findJob(complaintId)
                .or(() -> views.awaitJob(complaintId, job -> true, viewWait))
                .orElseThrow(() -> ProblemException.notFound("no job is known for complaint " + complaintId));
    }

    private Job transition(String complaintId, String crewId, FieldEvent payload) {
        return locks.withLock(complaintId, () -> {
            Job job = getJob(complaintId);
            if (!job.crewId().equals(crewId)) {
                throw ProblemException.forbidden("complaint " + complaintId + " is not assigned to crew " + crewId);
            }
            JobStatus next = JobStatus.reachedBy(payload);
            if (!job.status().canBecome(next)) {
                throw TransitionConflict.job(job, next);
            }
            Event<FieldEvent> event = job.dispatch().followedBy(payload, new Actor(ActorRole.CREW, crewId), clock.instant());
            writer.write(Topics.FIELD, complaintId, event);
            log.info("{} {} by crew {}", next, complaintId, crewId);
            if (views.awaitJob(complaintId, j -> j.hasApplied(event.eventId()), viewWait).isEmpty()) {
                log.warn("view has not applied {} {} for {} within {}", event.type(), event.eventId(), complaintId, viewWait);
            }
            return job.advance(next, event);
        });
    }
}
