package siaga.fieldcrew;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.contracts.events.EventType;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.http.ProblemException;

/**
 * A crew moving its own job on: checks the request against the job view (the job exists, it is assigned to
 * this crew, the transition is legal from its current status, see {@link JobStatus}), writes the event to
 * {@code field} and waits, bounded, until the view has applied it, so that the crew's next request sees it.
 *
 * <p>A request carrying an event id the job has already applied is a phone's retry after a lost answer: it
 * gets the answer the first one got and writes nothing. The envelope's occurredAt is the phone's time, the
 * payload's receivedAt the server's ({@link DeviceStamp}).
 *
 * <p>Transitions of one complaint are serialised inside this instance by a striped lock held from the check to
 * the view catching up, so two concurrent requests cannot both pass the check. Across instances the unit of
 * consistency is the job's owner partition (the Streams task that owns the complaint): routing each request to
 * the instance owning that partition is later work; until then run one instance.
 */
final class JobTransitions {
    private static final Logger log = LoggerFactory.getLogger(JobTransitions.class);
    private static final int LOCK_STRIPES = 64;

    /** What a transition request is answered with: the job, the status that event brought it to, and its id. */
    record Outcome(Job job, JobStatus reached, UUID eventId) {
    }

    private final ReferenceCatalog reference;
    private final FieldCrewViews views;
    private final EventWriter writer;
    private final Clock clock;
    private final Duration viewWait;
    private final StripedLocks locks = new StripedLocks(LOCK_STRIPES);

    JobTransitions(ReferenceCatalog reference, FieldCrewViews views, EventWriter writer, Clock clock, Duration viewWait) {
        this.reference = reference;
        this.views = views;
        this.writer = writer;
        this.clock = clock;
        this.viewWait = viewWait;
    }

    /** The job once the crew acknowledged it; 404, 403 or 409 problems here and below when it may not. */
    Outcome acknowledge(String complaintId, String crewId, DeviceStamp stamp) {
        return transition(complaintId, crewId, stamp, JobStatus.ACKNOWLEDGED, (job, at) -> new JobAcknowledged(crewId, at));
    }

    Outcome enRoute(String complaintId, String crewId, DeviceStamp stamp) {
        return transition(complaintId, crewId, stamp, JobStatus.EN_ROUTE, (job, at) -> new JobEnRoute(crewId, at));
    }

    Outcome onScene(String complaintId, String crewId, DeviceStamp stamp) {
        return transition(complaintId, crewId, stamp, JobStatus.ON_SCENE, (job, at) -> new JobOnScene(crewId, at));
    }

    /** {@code photoUrl} may be null. */
    Outcome resolve(String complaintId, String crewId, String note, String photoUrl, DeviceStamp stamp) {
        return transition(complaintId, crewId, stamp, JobStatus.RESOLVED, (job, at) -> new JobResolved(crewId, note, photoUrl, at));
    }

    /** {@code reason} is one of {@link JobDeclined#REASONS} (the caller checked it); {@code note} may be null. */
    Outcome decline(String complaintId, String crewId, String reason, String note, DeviceStamp stamp) {
        return transition(complaintId, crewId, stamp, JobStatus.DECLINED, (job, at) -> new JobDeclined(crewId, reason, note, at));
    }

    /** A 400 problem naming /neededDepartment when the job's jurisdiction has no such department. */
    Outcome cannotFix(String complaintId, String crewId, String neededDepartment, String reason, DeviceStamp stamp) {
        return transition(complaintId, crewId, stamp, JobStatus.CANNOT_FIX, (job, at) -> {
            ReferenceData data = reference.find(job.jurisdiction()).orElseThrow(() -> ProblemException.unavailable(
                    "no reference data is configured for jurisdiction " + job.jurisdiction()));
            if (data.departments().stream().noneMatch(d -> d.code().equals(neededDepartment))) {
                throw ProblemException.badRequest("/neededDepartment", "must be a department of "
                        + data.jurisdiction().name() + ": " + String.join(", ",
                        data.departments().stream().map(ReferenceData.Department::code).toList()));
            }
            return new JobCannotFix(crewId, neededDepartment, reason, at);
        });
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

    @FunctionalInterface
    private interface PayloadFactory {
        /** The event for {@code job}, received at {@code receivedAt}; may throw a 400 problem. */
        FieldEvent create(Job job, Instant receivedAt);
    }

    private Outcome transition(String complaintId, String crewId, DeviceStamp stamp, JobStatus next, PayloadFactory payload) {
        return locks.withLock(complaintId, () -> {
            Job job = getJob(complaintId);
            Optional<Outcome> retried = answeredBefore(job, crewId, stamp.eventId(), next);
            if (retried.isPresent()) {
                return retried.get();
            }
            if (!job.crewId().equals(crewId)) {
                throw ProblemException.forbidden("complaint " + complaintId + " is not assigned to crew " + crewId);
            }
            if (!job.status().canBecome(next)) {
                throw TransitionConflict.job(job, next);
            }
            Instant receivedAt = clock.instant();
            Event<FieldEvent> event = stamped(job, crewId, stamp, payload.create(job, receivedAt), receivedAt);
            writer.write(Topics.FIELD, complaintId, event);
            log.info("{} {} by crew {} (event {})", next, complaintId, crewId, event.eventId());
            Optional<Job> applied = views.awaitJob(complaintId, j -> j.hasApplied(event.eventId()), viewWait);
            if (applied.isEmpty()) {
                log.warn("view has not applied {} {} for {} within {}", event.type(), event.eventId(), complaintId, viewWait);
            }
            return new Outcome(applied.orElseGet(() -> job.advance(next, event)), next, event.eventId());
        });
    }

    /** The answer a request with this event id got the first time, if the job has applied it. */
    private static Optional<Outcome> answeredBefore(Job job, String crewId, UUID eventId, JobStatus next) {
        if (eventId == null) {
            return Optional.empty();
        }
        return job.findStep(eventId).map(step -> {
            if (!step.crewId().equals(crewId) || step.status() != next) {
                throw ProblemException.conflict("event " + eventId + " of complaint " + job.complaintId()
                        + " was already used by crew " + step.crewId() + " for " + step.status());
            }
            return new Outcome(job, step.status(), eventId);
        });
    }

    private static Event<FieldEvent> stamped(Job job, String crewId, DeviceStamp stamp, FieldEvent payload, Instant receivedAt) {
        EventType type = EventTypes.of(payload.getClass());
        return new Event<>(stamp.eventIdOrNew(), type.name(), type.version(), stamp.occurredAt(receivedAt),
                job.jurisdiction(), job.complaintId(), new Actor(ActorRole.CREW, crewId), job.correlationId(), payload);
    }
}
