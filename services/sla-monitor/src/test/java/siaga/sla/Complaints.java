package siaga.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ClockPaused;
import siaga.contracts.events.ClockResumed;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintPriorityChanged;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.SlaStage;
import siaga.sla.timeline.StageTargets;

/**
 * Test fixtures in the demo city's words: a fallen tree (DLH; targets 5 min, 15 min, 4 h) or a fire (DAMKAR;
 * 1 min, 3 min, 2 h) reported in Kota Madiun, then dispatched, acknowledged and resolved by a crew.
 */
public final class Complaints {
    public static final String JURISDICTION = "madiun";
    private static final AtomicInteger TICKETS = new AtomicInteger();

    private Complaints() {
    }

    public static Event<ComplaintReported> aFallenTree(String complaintId, Instant reportedAt) {
        return reported(complaintId, "fallen-tree", "DLH", 2, reportedAt);
    }

    public static Event<ComplaintReported> aFire(String complaintId, Instant reportedAt) {
        return reported(complaintId, "fire", "DAMKAR", 1, reportedAt);
    }

    public static Event<ComplaintReported> reported(String complaintId, String category, String department, int priority,
                                             Instant reportedAt) {
        return Event.of(new ComplaintReported(String.format("MDN-2026-%06d", TICKETS.incrementAndGet()), category, department, priority,
                        new GeoPoint(-7.6290, 111.5230), "Jl. Pahlawan 12, Kartoharjo", "menutup jalan",
                        new Reporter("Sri Wahyuni", "081234567890")),
                JURISDICTION, complaintId, new Actor(ActorRole.OPERATOR, "operator-1"), "corr-" + complaintId, reportedAt);
    }

    /** A complaint placed in a district (kecamatan) of {@code jurisdiction}, taken by phone. */
    public static Event<ComplaintReported> reportedIn(String jurisdiction, String district, String complaintId, String category,
                                                      String department, int priority, Instant reportedAt) {
        return Event.of(new ComplaintReported(String.format("MDN-2026-%06d", TICKETS.incrementAndGet()), category, department, priority,
                        new GeoPoint(-7.6290, 111.5230), "Jl. Pahlawan 12, Kartoharjo", "menutup jalan",
                        new Reporter("Sri Wahyuni", "081234567890"), district, null, "phone"),
                jurisdiction, complaintId, new Actor(ActorRole.OPERATOR, "operator-1"), "corr-" + complaintId, reportedAt);
    }

    public static Event<ComplaintDispatched> dispatchedTo(Event<ComplaintReported> complaint, String crewId, Instant at) {
        return complaint.followedBy(new ComplaintDispatched(crewId, complaint.data().department(), 850.0, 0,
                "nearest free crew with the skill"), Actor.system("dispatcher"), at);
    }

    public static Event<ComplaintReassigned> reassigned(Event<ComplaintReported> complaint, String fromCrewId, String toCrewId, Instant at) {
        return complaint.followedBy(new ComplaintReassigned(fromCrewId, toCrewId, complaint.data().department(), 1200.0, 0,
                "not acknowledged in time", List.of(), "2"), Actor.system("dispatcher"), at);
    }

    public static Event<ComplaintCancelled> cancelled(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new ComplaintCancelled("prank call"), new Actor(ActorRole.OPERATOR, "operator-1"), at);
    }

    public static Event<ComplaintMerged> merged(Event<ComplaintReported> complaint, String intoComplaintId, Instant at) {
        return complaint.followedBy(new ComplaintMerged(intoComplaintId, "MDN-2026-000001", 40.0, 300, "same tree, 40 m away", "2"),
                Actor.system("dispatcher"), at);
    }

    /** An acknowledgement dated {@code deviceTime} by the crew's phone that reached the server at {@code receivedAt}. */
    public static Event<JobAcknowledged> acknowledgedLate(Event<ComplaintReported> complaint, Instant deviceTime, Instant receivedAt) {
        return complaint.followedBy(new JobAcknowledged(crewFor(complaint), receivedAt), new Actor(ActorRole.CREW, crewFor(complaint)), deviceTime);
    }

    public static Event<ComplaintDispatched> dispatched(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new ComplaintDispatched(crewFor(complaint), complaint.data().department(), 850.0, 0,
                "nearest free crew with the skill"), Actor.system("dispatcher"), at);
    }

    public static Event<JobAcknowledged> acknowledged(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new JobAcknowledged(crewFor(complaint), at), new Actor(ActorRole.CREW, crewFor(complaint)), at);
    }

    public static Event<JobResolved> resolved(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new JobResolved(crewFor(complaint), "cleared and made safe", null, at),
                new Actor(ActorRole.CREW, crewFor(complaint)), at);
    }

    public static Event<JobOnScene> onScene(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new JobOnScene(crewFor(complaint), at), new Actor(ActorRole.CREW, crewFor(complaint)), at);
    }

    public static Event<ComplaintClosed> closed(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new ComplaintClosed("warga puas, ditutup"), new Actor(ActorRole.OPERATOR, "operator-1"), at);
    }

    public static Event<ClockPaused> paused(Event<ComplaintReported> complaint, String reason, Instant at) {
        return complaint.followedBy(new ClockPaused(reason, "menunggu"), new Actor(ActorRole.OPERATOR, "operator-1"), at);
    }

    public static Event<ClockResumed> resumed(Event<ComplaintReported> complaint, Instant at) {
        return complaint.followedBy(new ClockResumed("lanjut"), new Actor(ActorRole.OPERATOR, "operator-1"), at);
    }

    public static Event<ComplaintPriorityChanged> priorityChanged(Event<ComplaintReported> complaint, int from, int to, Instant at) {
        return complaint.followedBy(new ComplaintPriorityChanged(from, to, "jalan utama tertutup"),
                new Actor(ActorRole.MANAGER, "manager-1"), at);
    }

    /** The targets of a policy in millis, with the national administrative clocks (3, 5 and 10 working days). */
    public static StageTargets targets(long dispatch, long acknowledge, Long arrive, long resolve) {
        Map<SlaStage, Long> millis = new EnumMap<>(SlaStage.class);
        millis.put(SlaStage.DISPATCH, dispatch);
        millis.put(SlaStage.ACKNOWLEDGE, acknowledge);
        if (arrive != null) {
            millis.put(SlaStage.ARRIVE, arrive);
        }
        millis.put(SlaStage.RESOLVE, resolve);
        millis.put(SlaStage.FORWARD, Duration.ofDays(3).toMillis());
        millis.put(SlaStage.FOLLOW_UP, Duration.ofDays(5).toMillis());
        millis.put(SlaStage.CLOSE, Duration.ofDays(10).toMillis());
        return new StageTargets(millis);
    }

    private static String crewFor(Event<ComplaintReported> complaint) {
        return complaint.data().department().toLowerCase(java.util.Locale.ROOT) + "-1";
    }
}
