package siaga.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageMet;

/**
 * A street light out in Kartoharjo, Kota Madiun, handled end to end: reported by an operator, dispatched to
 * crew dishub-1 two minutes later, acknowledged at five, resolved at forty; with the SLA monitor's verdict on
 * the dispatch stage and the crew's shift start an hour before the report. Tickets look like MDN-2026-000001.
 */
public record ComplaintStory(
        UUID complaintId,
        Event<ComplaintReported> reported,
        Event<ComplaintDispatched> dispatched,
        Event<JobAcknowledged> acknowledged,
        Event<JobResolved> resolved,
        Event<StageMet> dispatchMet,
        Event<ShiftStarted> shiftStarted) {

    public static final String CREW = "dishub-1";
    public static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "operator-7");
    public static final Actor CREW_ACTOR = new Actor(ActorRole.CREW, CREW);

    public static ComplaintStory aStreetLightOut(String ticket, Instant reportedAt) {
        UUID id = UUID.randomUUID();
        Event<ComplaintReported> reported = Event.of(new ComplaintReported(ticket, "street-light-out", "DISHUB", 3,
                        new GeoPoint(-7.6265, 111.5301), "Jl. Pahlawan 12, Kartoharjo", "Lampu jalan mati sejak semalam",
                        new Reporter("Budi Santoso", "+62 812 3456 7890")),
                "madiun", id.toString(), OPERATOR, "call-" + ticket, reportedAt);
        Event<ComplaintDispatched> dispatched = reported.followedBy(
                new ComplaintDispatched(CREW, "DISHUB", 1240.5, 0, "nearest free crew with street-lighting"),
                Actor.system("dispatcher"), reportedAt.plus(Duration.ofMinutes(2)));
        Event<JobAcknowledged> acknowledged = reported.followedBy(new JobAcknowledged(CREW, reportedAt.plus(Duration.ofMinutes(5))), CREW_ACTOR,
                reportedAt.plus(Duration.ofMinutes(5)));
        Event<JobResolved> resolved = reported.followedBy(new JobResolved(CREW, "lamp replaced", null, reportedAt.plus(Duration.ofMinutes(40))), CREW_ACTOR,
                reportedAt.plus(Duration.ofMinutes(40)));
        Event<StageMet> dispatchMet = reported.followedBy(new StageMet(SlaStage.DISPATCH, "street-light-out", "DISHUB",
                        reportedAt, dispatched.occurredAt(), 120_000, 900_000, true),
                Actor.system("sla-monitor"), dispatched.occurredAt());
        Event<ShiftStarted> shiftStarted = Event.of(new ShiftStarted(CREW, "DISHUB", new GeoPoint(-7.6190, 111.5360)),
                "madiun", CREW, CREW_ACTOR, "shift-" + CREW, reportedAt.minus(Duration.ofHours(1)));
        return new ComplaintStory(id, reported, dispatched, acknowledged, resolved, dispatchMet, shiftStarted);
    }

    public List<Event<?>> lifecycle() {
        return List.of(reported, dispatched, acknowledged, resolved);
    }
}
