package siaga.archive.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import siaga.archive.ComplaintStory;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintCancelled;
import siaga.contracts.events.ComplaintClosed;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintMerged;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.ComplaintSplit;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobCannotFix;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.events.JobEnRoute;
import siaga.contracts.events.JobOnScene;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.NoteAdded;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.SupervisorAlerted;

class ComplaintStateTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000001", T0);

    static ComplaintState fold(ComplaintState state, List<Event<?>> events) {
        for (Event<?> event : events) {
            state = state.evolve(event);
        }
        return state;
    }

    @Test
    void foldsTheWholeLifecycleIntoTheResolvedState() {
        ComplaintState state = fold(ComplaintState.initial(story.complaintId()), story.lifecycle());

        assertThat(state).isEqualTo(new ComplaintState(story.complaintId(), "MDN-2026-000001", "madiun",
                "street-light-out", "DISHUB", null, 3, ComplaintStatus.RESOLVED, "dishub-1", "6281234567890",
                T0, null, T0.plusSeconds(120), T0.plusSeconds(300), null, null, T0.plusSeconds(2400), null, null, null,
                null, null, null, null, 0, null, T0.plusSeconds(300), 0, null, 0,
                T0.plusSeconds(2400), story.resolved().eventId()));
    }

    @Test
    void theReportGivesTheKecamatanAndTheReportersPhoneInItsStoredForm() {
        ComplaintReported data = story.reported().data();
        Event<ComplaintReported> placed = new Event<>(story.reported().eventId(), story.reported().type(),
                story.reported().schemaVersion(), T0, "madiun", story.complaintId().toString(), ComplaintStory.OPERATOR,
                "call-1", new ComplaintReported(data.ticket(), data.category(), data.department(), data.priority(),
                data.location(), data.address(), data.description(), new Reporter("Sri", "0813-2222-3333"),
                "kartoharjo", "Klegen", "phone"));

        ComplaintState state = ComplaintState.initial(story.complaintId()).evolve(story.dispatched()).evolve(placed);

        assertThat(state.district()).isEqualTo("kartoharjo");
        assertThat(state.reporterPhone()).isEqualTo("6281322223333");
        assertThat(state.status()).isEqualTo(ComplaintStatus.DISPATCHED);
    }

    @Test
    void eachStepMovesTheStatusForward() {
        ComplaintState reported = ComplaintState.initial(story.complaintId()).evolve(story.reported());
        ComplaintState dispatched = reported.evolve(story.dispatched());
        ComplaintState acknowledged = dispatched.evolve(story.acknowledged());

        assertThat(reported.status()).isEqualTo(ComplaintStatus.REPORTED);
        assertThat(reported.crewId()).isNull();
        assertThat(reported.lastEventId()).isEqualTo(story.reported().eventId());
        assertThat(dispatched.status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(dispatched.crewId()).isEqualTo("dishub-1");
        assertThat(dispatched.dispatchedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(acknowledged.status()).isEqualTo(ComplaintStatus.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(acknowledged.resolvedAt()).isNull();
    }

    @Test
    void givesTheSameStateWhateverOrderTheTopicsAreReadIn() {
        ComplaintState expected = fold(ComplaintState.initial(story.complaintId()), story.lifecycle());
        for (List<Event<?>> order : permutations(story.lifecycle())) {
            assertThat(fold(ComplaintState.initial(story.complaintId()), order)).as("order %s", order).isEqualTo(expected);
        }
    }

    @Test
    void aDispatchArchivedBeforeItsReportStillCountsAsDispatched() {
        ComplaintState state = ComplaintState.initial(story.complaintId()).evolve(story.dispatched());

        assertThat(state.status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(state.ticket()).isNull();
        assertThat(state.jurisdiction()).isEqualTo("madiun");
        assertThat(state.department()).isEqualTo("DISHUB");
        assertThat(state.exists()).isTrue();

        ComplaintState reported = state.evolve(story.reported());
        assertThat(reported.status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(reported.ticket()).isEqualTo("MDN-2026-000001");
        assertThat(reported.updatedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(reported.lastEventId()).isEqualTo(story.dispatched().eventId());
    }

    @Test
    void foldingAnEventAgainChangesNothing() {
        ComplaintState state = fold(ComplaintState.initial(story.complaintId()), story.lifecycle());

        for (Event<?> event : story.lifecycle()) {
            assertThat(state.evolve(event)).isEqualTo(state);
        }
    }

    @Test
    void aQueuedComplaintIsDispatchedLaterAndNeverQueuedAgainByAnOlderEvent() {
        Event<ComplaintQueued> queued = story.reported().followedBy(new ComplaintQueued("DISHUB", "no crew on shift"),
                Actor.system("dispatcher"), T0.plusSeconds(10));
        ComplaintState afterQueue = ComplaintState.initial(story.complaintId()).evolve(story.reported()).evolve(queued);
        ComplaintState afterDispatch = afterQueue.evolve(story.dispatched());

        assertThat(afterQueue.status()).isEqualTo(ComplaintStatus.QUEUED);
        assertThat(afterQueue.crewId()).isNull();
        assertThat(afterDispatch.status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(afterDispatch.evolve(queued)).isEqualTo(afterDispatch);
    }

    @Test
    void aLaterDispatchNamesTheCrewAndAnEarlierOneDoesNot() {
        Event<ComplaintDispatched> redispatch = story.reported().followedBy(
                new ComplaintDispatched("dishub-2", "DISHUB", 800, 1, "dishub-1 did not acknowledge"),
                Actor.system("dispatcher"), T0.plus(Duration.ofMinutes(20)));
        ComplaintState state = ComplaintState.initial(story.complaintId()).evolve(story.dispatched()).evolve(redispatch);

        assertThat(state.crewId()).isEqualTo("dishub-2");
        assertThat(state.dispatchedAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        assertThat(ComplaintState.initial(story.complaintId()).evolve(redispatch).evolve(story.dispatched()))
                .isEqualTo(state);
    }

    @Test
    void aJobEventBeforeItsDispatchNamesTheCrew() {
        ComplaintState state = ComplaintState.initial(story.complaintId()).evolve(story.acknowledged());

        assertThat(state.status()).isEqualTo(ComplaintStatus.ACKNOWLEDGED);
        assertThat(state.crewId()).isEqualTo("dishub-1");
        assertThat(state.dispatchedAt()).isNull();
    }

    @Test
    void slaAndCrewEventsDoNotConcernTheComplaintState() {
        ComplaintState state = fold(ComplaintState.initial(story.complaintId()), List.of(story.reported()));

        assertThat(ComplaintState.concerns(story.dispatchMet())).isFalse();
        assertThat(ComplaintState.concerns(story.shiftStarted())).isFalse();
        assertThat(ComplaintState.concerns(story.dispatched())).isTrue();
        assertThat(state.evolve(story.dispatchMet())).isSameAs(state);
        assertThat(state.evolve(story.shiftStarted())).isSameAs(state);
        assertThat(ComplaintState.initial(story.complaintId()).exists()).isFalse();
    }

    @Test
    void statusesHaveTheirStoredNames() {
        assertThat(ComplaintStatus.ACKNOWLEDGED.wireName()).isEqualTo("acknowledged");
        assertThat(ComplaintStatus.CANNOT_FIX.wireName()).isEqualTo("cannot-fix");
        assertThat(ComplaintStatus.fromWireName("resolved")).isEqualTo(ComplaintStatus.RESOLVED);
        assertThat(ComplaintStatus.fromWireName("cannot-fix")).isEqualTo(ComplaintStatus.CANNOT_FIX);
    }

    @Test
    void foldsEveryLaterEventOfAComplaintThatWasDeclinedReassignedEscalatedAndClosed() {
        Instant t = T0;
        List<Event<?>> events = List.of(story.reported(),
                after(new NoteAdded("warga menelepon lagi"), OPERATOR, t.plusSeconds(60)),
                story.dispatched(),
                after(new JobDeclined("dishub-1", "vehicle-broken", null, t.plusSeconds(200)), crew("dishub-1"), t.plusSeconds(190)),
                after(new ComplaintReassigned("dishub-1", "dishub-2", "DISHUB", 900, 0, "dishub-1 declined", List.of(), "r1"),
                        DISPATCHER, t.plusSeconds(210)),
                after(new ComplaintEscalated("dishub-2", "DISHUB", 1, "not acknowledged"), DISPATCHER, t.plusSeconds(1200)),
                after(new SupervisorAlerted("DISHUB", 1, "escalated"), DISPATCHER, t.plusSeconds(1200)),
                after(new ComplaintReassigned("dishub-2", "dishub-3", "DISHUB", 1500, 1, "escalated", List.of(), "r1"),
                        DISPATCHER, t.plusSeconds(1201)),
                after(new JobAcknowledged("dishub-3", t.plusSeconds(1300)), crew("dishub-3"), t.plusSeconds(1290)),
                after(new JobEnRoute("dishub-3", t.plusSeconds(1310)), crew("dishub-3"), t.plusSeconds(1300)),
                after(new JobOnScene("dishub-3", t.plusSeconds(2000)), crew("dishub-3"), t.plusSeconds(1990)),
                after(new JobResolved("dishub-3", "lampu diganti", null, t.plusSeconds(3000)), crew("dishub-3"), t.plusSeconds(2990)),
                after(new ComplaintClosed("warga puas"), OPERATOR, t.plusSeconds(4000)),
                after(new NoteAdded("selesai"), OPERATOR, t.plusSeconds(4100)));

        ComplaintState state = fold(ComplaintState.initial(story.complaintId()), events);

        assertThat(state).isEqualTo(new ComplaintState(story.complaintId(), "MDN-2026-000001", "madiun",
                "street-light-out", "DISHUB", null, 3, ComplaintStatus.CLOSED, "dishub-3", "6281234567890",
                T0, null, t.plusSeconds(1201), t.plusSeconds(1290), t.plusSeconds(1300), t.plusSeconds(1990),
                t.plusSeconds(2990), t.plusSeconds(4000), null, null, null, null, null,
                t.plusSeconds(200), 1, null, t.plusSeconds(2000), 1, t.plusSeconds(1200), 2,
                t.plusSeconds(4100), events.get(events.size() - 1).eventId()));
        List<Event<?>> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        assertThat(fold(ComplaintState.initial(story.complaintId()), reversed)).isEqualTo(state);
    }

    @Test
    void aCannotFixWaitsForTheNextDispatchWhateverOrderItsEventsAreFoldedIn() {
        // the example of ComplaintState's documentation
        Event<JobAcknowledged> acknowledged = story.acknowledged();
        Event<JobCannotFix> cannotFix = after(new JobCannotFix("dishub-1", "DLH", "pohon tumbang di kabel", T0.plusSeconds(1800)),
                crew("dishub-1"), T0.plusSeconds(1795));
        Event<ComplaintQueued> queuedForDlh = after(new ComplaintQueued("DLH", "needs DLH"), DISPATCHER, T0.plusSeconds(1800));
        Event<ComplaintDispatched> toDlh = after(new ComplaintDispatched("dlh-1", "DLH", 700, 0, "nearest"), DISPATCHER,
                T0.plusSeconds(2400));
        List<Event<?>> events = List.of(story.reported(), story.dispatched(), acknowledged, cannotFix, queuedForDlh, toDlh);

        List<ComplaintStatus> steps = new ArrayList<>();
        ComplaintState state = ComplaintState.initial(story.complaintId());
        for (Event<?> event : events) {
            state = state.evolve(event);
            steps.add(state.status());
        }

        assertThat(steps).containsExactly(ComplaintStatus.REPORTED, ComplaintStatus.DISPATCHED,
                ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.CANNOT_FIX, ComplaintStatus.CANNOT_FIX,
                ComplaintStatus.DISPATCHED);
        assertThat(state.crewId()).isEqualTo("dlh-1");
        assertThat(state.dispatchedAt()).isEqualTo(T0.plusSeconds(2400));
        assertThat(state.acknowledgedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(state.department()).isEqualTo("DISHUB");
        for (List<Event<?>> order : permutations(events)) {
            assertThat(fold(ComplaintState.initial(story.complaintId()), order)).as("order %s", order).isEqualTo(state);
        }
        Event<JobAcknowledged> dlhAcknowledged = after(new JobAcknowledged("dlh-1", T0.plusSeconds(2700)), crew("dlh-1"),
                T0.plusSeconds(2690));
        assertThat(state.evolve(dlhAcknowledged).status()).isEqualTo(ComplaintStatus.ACKNOWLEDGED);
    }

    @Test
    void aDeclineStaysDeclinedThroughAQueueUntilTheJobIsReassigned() {
        Event<JobDeclined> declined = after(new JobDeclined("dishub-1", "crew-incomplete", "satu sakit", T0.plusSeconds(200)),
                crew("dishub-1"), T0.plusSeconds(199));
        Event<ComplaintQueued> queued = after(new ComplaintQueued("DISHUB", "no other crew"), DISPATCHER, T0.plusSeconds(201));
        Event<ComplaintReassigned> reassigned = after(new ComplaintReassigned("dishub-1", "dishub-2", "DISHUB", 400, 0,
                "dishub-2 came on shift", List.of(), "r1"), DISPATCHER, T0.plusSeconds(900));
        ComplaintState declinedState = fold(ComplaintState.initial(story.complaintId()),
                List.of(story.reported(), story.dispatched(), declined, queued));

        assertThat(declinedState.status()).isEqualTo(ComplaintStatus.DECLINED);
        assertThat(declinedState.declines()).isEqualTo(1);
        assertThat(declinedState.declinedAt()).isEqualTo(T0.plusSeconds(200));
        assertThat(declinedState.queuedAt()).isEqualTo(T0.plusSeconds(201));
        ComplaintState reassignedState = declinedState.evolve(reassigned);
        assertThat(reassignedState.status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(reassignedState.crewId()).isEqualTo("dishub-2");
        // a dispatched job handed back to the queue (its crew's shift ended) is queued
        assertThat(reassignedState.evolve(after(new ComplaintQueued("DISHUB", "shift ended"), DISPATCHER,
                T0.plusSeconds(1000))).status()).isEqualTo(ComplaintStatus.QUEUED);
    }

    @Test
    void aMergedComplaintSplitOffIsDispatchedOnItsOwn() {
        String original = "0b6f5f7e-8f0e-4a53-a8a4-1c8a1f0d2e11";
        Event<ComplaintMerged> merged = after(new ComplaintMerged(original, "MDN-2026-000000", 40, 600, "same light", "r1"),
                DISPATCHER, T0.plusSeconds(1));
        Event<ComplaintSplit> split = after(new ComplaintSplit(original, "different pole"), OPERATOR, T0.plusSeconds(100));

        ComplaintState mergedState = ComplaintState.initial(story.complaintId()).evolve(story.reported()).evolve(merged);
        ComplaintState splitState = mergedState.evolve(split);

        assertThat(mergedState.status()).isEqualTo(ComplaintStatus.MERGED);
        assertThat(mergedState.mergedInto()).isEqualTo(original);
        assertThat(splitState.status()).isEqualTo(ComplaintStatus.REPORTED);
        assertThat(splitState.splitAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(splitState.evolve(story.dispatched()).status()).isEqualTo(ComplaintStatus.DISPATCHED);
        assertThat(ComplaintState.initial(story.complaintId()).evolve(split).evolve(merged).evolve(story.reported()))
                .isEqualTo(splitState);
    }

    @Test
    void aCancellationIsFinalAndKeepsTheReason() {
        Event<ComplaintCancelled> cancelled = after(new ComplaintCancelled("laporan palsu"), OPERATOR, T0.plusSeconds(60));

        ComplaintState state = fold(ComplaintState.initial(story.complaintId()), List.of(cancelled, story.reported(),
                story.dispatched()));

        assertThat(state.status()).isEqualTo(ComplaintStatus.CANCELLED);
        assertThat(state.cancelledAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(state.cancelReason()).isEqualTo("laporan palsu");
        assertThat(state.updatedAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aCrewsAcknowledgementCountsByItsReceiptTimeNotItsSlowDeviceClock() {
        // the phone's clock is 3 minutes slow: it says 10:01 for an acknowledgement received at 10:04, after
        // the dispatch of 10:02
        Event<JobAcknowledged> slowPhone = after(new JobAcknowledged("dishub-1", T0.plusSeconds(240)), crew("dishub-1"),
                T0.plusSeconds(60));

        ComplaintState state = ComplaintState.initial(story.complaintId()).evolve(story.dispatched()).evolve(slowPhone);

        assertThat(state.status()).isEqualTo(ComplaintStatus.ACKNOWLEDGED);
        assertThat(state.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(state.takenUpAt()).isEqualTo(T0.plusSeconds(240));
    }

    static final Actor OPERATOR = new Actor(ActorRole.OPERATOR, "operator-7");
    static final Actor DISPATCHER = Actor.system("dispatcher");

    static Actor crew(String crewId) {
        return new Actor(ActorRole.CREW, crewId);
    }

    <P extends EventPayload> Event<P> after(P payload, Actor actor, Instant at) {
        return story.reported().followedBy(payload, actor, at);
    }

    private static List<List<Event<?>>> permutations(List<Event<?>> events) {
        if (events.size() <= 1) {
            return List.of(events);
        }
        List<List<Event<?>>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<Event<?>> rest = new ArrayList<>(events);
            Event<?> first = rest.remove(i);
            for (List<Event<?>> tail : permutations(rest)) {
                List<Event<?>> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
