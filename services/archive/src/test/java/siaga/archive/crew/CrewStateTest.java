package siaga.archive.crew;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.CrewLocationReported;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;

class CrewStateTest {
    static final Instant SEVEN = Instant.parse("2026-03-02T00:00:00Z");
    static final Actor CREW = new Actor(ActorRole.CREW, "dlh-2");

    static Event<ShiftStarted> started(Instant at) {
        return Event.of(new ShiftStarted("dlh-2", "DLH", new GeoPoint(-7.6, 111.5)), "madiun", "dlh-2", CREW, "c", at);
    }

    static Event<ShiftEnded> ended(Instant at) {
        return Event.of(new ShiftEnded("dlh-2", "DLH"), "madiun", "dlh-2", CREW, "c", at);
    }

    @Test
    void aStartOpensAShiftAndAnEndClosesIt() {
        Event<ShiftStarted> start = started(SEVEN);
        Event<ShiftEnded> end = ended(SEVEN.plusSeconds(8 * 3600));

        CrewState.Step opened = CrewState.initial("dlh-2").evolve(start);
        CrewState.Step closed = opened.state().evolve(end);

        Shift open = new Shift(start.eventId(), "dlh-2", "madiun", "DLH", SEVEN, null, null);
        assertThat(opened).isEqualTo(new CrewState.Step(
                new CrewState("dlh-2", "madiun", "DLH", open, SEVEN, start.eventId()), Optional.of(open)));
        assertThat(closed).isEqualTo(new CrewState.Step(
                new CrewState("dlh-2", "madiun", "DLH", null, end.occurredAt(), end.eventId()),
                Optional.of(new Shift(start.eventId(), "dlh-2", "madiun", "DLH", SEVEN, end.occurredAt(), end.eventId()))));
        assertThat(opened.state().onShift()).isTrue();
        assertThat(closed.state().onShift()).isFalse();
    }

    @Test
    void aSecondStartKeepsTheOpenShiftAndAnEndWithoutOneClosesNothing() {
        Event<ShiftStarted> first = started(SEVEN);
        CrewState onShift = CrewState.initial("dlh-2").evolve(first).state();

        CrewState.Step again = onShift.evolve(started(SEVEN.plusSeconds(300)));
        CrewState.Step stray = CrewState.initial("dlh-2").evolve(ended(SEVEN));

        assertThat(again.changedShift()).isEmpty();
        assertThat(again.state().openShift()).isEqualTo(onShift.openShift());
        assertThat(again.state().updatedAt()).isEqualTo(SEVEN.plusSeconds(300));
        assertThat(stray.changedShift()).isEmpty();
        assertThat(stray.state().onShift()).isFalse();
        assertThat(stray.state().exists()).isTrue();
    }

    @Test
    void aLocationMovesOnlyTheLastEventAndAnotherCrewsEventNothing() {
        CrewState onShift = CrewState.initial("dlh-2").evolve(started(SEVEN)).state();
        Event<CrewLocationReported> location = Event.of(new CrewLocationReported("dlh-2", "DLH",
                new GeoPoint(-7.61, 111.52), 12.0, SEVEN.plusSeconds(60)), "madiun", "dlh-2", CREW, "c", SEVEN.plusSeconds(60));
        Event<ShiftEnded> otherCrew = Event.of(new ShiftEnded("dlh-1", "DLH"), "madiun", "dlh-1", CREW, "c", SEVEN);

        CrewState.Step moved = onShift.evolve(location);

        assertThat(moved.state()).isEqualTo(new CrewState("dlh-2", "madiun", "DLH", onShift.openShift(),
                SEVEN.plusSeconds(60), location.eventId()));
        assertThat(moved.changedShift()).isEmpty();
        assertThat(onShift.evolve(otherCrew)).isEqualTo(new CrewState.Step(onShift, Optional.empty()));
    }
}
