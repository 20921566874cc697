package siaga.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;

/**
 * A complaint in Kota Madiun and what happens to it, as the services would write it: reported by an operator
 * with a category, department, kecamatan (null: a report that could not be placed) and the reporter's phone;
 * then dispatched, acknowledged, resolved by crews, and the SLA monitor's verdicts. Also crews' shifts.
 */
record Complaint(UUID id, Event<ComplaintReported> reported) {
    static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "operator-3");
    static final Actor DISPATCHER = Actor.system("dispatcher");
    static final Actor SLA_MONITOR = Actor.system("sla-monitor");

    static Complaint reported(String ticket, String category, String department, String kecamatan, String phone,
                              Instant at) {
        UUID id = UUID.randomUUID();
        return new Complaint(id, Event.of(new ComplaintReported(ticket, category, department, 3,
                        new GeoPoint(-7.63, 111.52), "Jl. Merdeka 1", "Lapor", new Reporter("Warga", phone),
                        kecamatan, null, "phone"),
                "madiun", id.toString(), OPERATOR, "call-" + ticket, at));
    }

    Instant reportedAt() {
        return reported.occurredAt();
    }

    String department() {
        return reported.data().department();
    }

    Event<ComplaintDispatched> dispatched(String crew, Instant at) {
        return reported.followedBy(new ComplaintDispatched(crew, department(), 900, 0, "nearest free crew"), DISPATCHER, at);
    }

    Event<ComplaintQueued> queued(Instant at) {
        return reported.followedBy(new ComplaintQueued(department(), "no crew on shift"), DISPATCHER, at);
    }

    Event<JobAcknowledged> acknowledged(String crew, Instant at) {
        return reported.followedBy(new JobAcknowledged(crew, at), new Actor(ActorRole.CREW, crew), at);
    }

    Event<JobResolved> resolved(String crew, Instant at) {
        return reported.followedBy(new JobResolved(crew, "selesai", null, at), new Actor(ActorRole.CREW, crew), at);
    }

    /** The stage completed at {@code completedAt}, measured from the report against {@code target}. */
    Event<StageMet> met(SlaStage stage, Instant completedAt, Duration target) {
        long elapsed = Duration.between(reportedAt(), completedAt).toMillis();
        return reported.followedBy(new StageMet(stage, reported.data().category(), department(), reportedAt(),
                completedAt, elapsed, target.toMillis(), elapsed <= target.toMillis()), SLA_MONITOR, completedAt);
    }

    /** The stage completed at {@code completedAt}, its clock having stood paused for {@code paused} in between. */
    Event<StageMet> metAfterPause(SlaStage stage, Instant completedAt, Duration target, Duration paused) {
        long elapsed = Duration.between(reportedAt(), completedAt).minus(paused).toMillis();
        return reported.followedBy(new StageMet(stage, reported.data().category(), department(), reportedAt(),
                completedAt, elapsed, paused.toMillis(), target.toMillis(), elapsed <= target.toMillis()), SLA_MONITOR, completedAt);
    }

    /** The stage's target passed while it was open. */
    Event<StageBreached> breached(SlaStage stage, Duration target) {
        Instant due = reportedAt().plus(target);
        return reported.followedBy(new StageBreached(stage, reported.data().category(), department(), reportedAt(),
                due, target.toMillis()), SLA_MONITOR, due);
    }

    static Event<ShiftStarted> shiftStarted(String crew, String department, Instant at) {
        return Event.of(new ShiftStarted(crew, department, new GeoPoint(-7.62, 111.53)), "madiun", crew,
                new Actor(ActorRole.CREW, crew), "shift-" + crew + "-" + at, at);
    }

    static Event<ShiftEnded> shiftEnded(String crew, String department, Instant at) {
        return Event.of(new ShiftEnded(crew, department), "madiun", crew, new Actor(ActorRole.CREW, crew),
                "shift-" + crew + "-" + at, at);
    }
}
