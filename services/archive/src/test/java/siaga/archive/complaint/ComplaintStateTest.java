package siaga.archive.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import siaga.archive.ComplaintStory;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;

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
                T0, T0.plusSeconds(120), T0.plusSeconds(300), T0.plusSeconds(2400),
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
        assertThat(ComplaintStatus.fromWireName("resolved")).isEqualTo(ComplaintStatus.RESOLVED);
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
