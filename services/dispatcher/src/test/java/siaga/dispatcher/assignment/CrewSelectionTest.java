package siaga.dispatcher.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.Candidate;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.board.CrewOnBoard;

class CrewSelectionTest {
    static final Instant NOW = Instant.parse("2026-01-15T02:00:00Z");
    static final GeoPoint FIRE = new GeoPoint(-7.6300, 111.5300);
    static final List<String> FIRE_SKILL = List.of("firefighting");

    static ReferenceData.Crew crew(String id, GeoPoint depot) {
        return new ReferenceData.Crew(id, id, "DAMKAR", FIRE_SKILL, depot);
    }

    static CrewOnBoard onShift(String id, GeoPoint at, int jobs) {
        return new CrewOnBoard(id, true, at, NOW.minusSeconds(60), NOW.minusSeconds(3600),
                java.util.stream.IntStream.range(0, jobs).mapToObj(i -> id + "-job-" + i).toList());
    }

    @Test
    void noCrewOfTheDepartmentMeansNoChoiceAndSaysSo() {
        CrewSelection.Selection selection = CrewSelection.choose(new CrewSelection.Need("DAMKAR", "firefighting", FIRE, Set.of()),
                List.of(), Map.of(), DispatchRules.defaults(), NOW);
        assertThat(selection).isEqualTo(new CrewSelection.Selection(java.util.Optional.empty(), List.of(),
                "no crew of DAMKAR has the skill firefighting"));
    }

    @Test
    void equalScoresGoToTheSmallerCrewIdAndADeclinedCrewIsNeverChosen() {
        GeoPoint east = new GeoPoint(-7.6300, 111.5400);
        List<ReferenceData.Crew> crews = List.of(crew("damkar-3", east), crew("damkar-1", east), crew("damkar-2", FIRE));
        Map<String, CrewOnBoard> board = Map.of("damkar-1", onShift("damkar-1", east, 0), "damkar-2", onShift("damkar-2", FIRE, 0),
                "damkar-3", onShift("damkar-3", east, 0));

        CrewSelection.Selection selection = CrewSelection.choose(
                new CrewSelection.Need("DAMKAR", "firefighting", FIRE, Set.of("damkar-2")), crews, board, DispatchRules.defaults(), NOW);

        assertThat(selection.chosen()).contains(new Candidate("damkar-1", "available", 1102, 60, 0, FIRE_SKILL));
        assertThat(selection.candidates()).extracting(Candidate::crewId, Candidate::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("damkar-1", "available"),
                org.assertj.core.groups.Tuple.tuple("damkar-3", "available"),
                org.assertj.core.groups.Tuple.tuple("damkar-2", "declined"));
        assertThat(selection.reason()).isEqualTo("lowest score of 2 able crews (1.1 km away, 0 open jobs: score 1.1 km; next damkar-3 1.1 km)"
                + "; tie broken by crew id");
    }

    @Test
    void whenEveryOnShiftCrewIsAtTheLimitNoneIsChosenAndTheReasonCountsThem() {
        List<ReferenceData.Crew> crews = List.of(crew("damkar-1", FIRE), crew("damkar-2", FIRE));
        Map<String, CrewOnBoard> board = Map.of("damkar-1", onShift("damkar-1", FIRE, 3), "damkar-2", onShift("damkar-2", FIRE, 3));

        CrewSelection.Selection selection = CrewSelection.choose(new CrewSelection.Need("DAMKAR", "firefighting", FIRE, Set.of()),
                crews, board, DispatchRules.defaults(), NOW);

        assertThat(selection.chosen()).isEmpty();
        assertThat(selection.reason()).isEqualTo("all on-shift crews busy: 2 busy (at the limit of 3 open jobs) of 2 DAMKAR crews with firefighting");
    }

    @Test
    void distancesAndAgesAreRoundedHalfUpAsInEveryEarlierReason() {
        assertThat(CrewSelection.distance(849.5)).isEqualTo("850 m");
        assertThat(CrewSelection.distance(999.4)).isEqualTo("999 m");
        assertThat(CrewSelection.distance(1250)).isEqualTo("1.3 km");
        assertThat(CrewSelection.distance(2376)).isEqualTo("2.4 km");
        assertThat(CrewSelection.age(601)).isEqualTo("10 min");
        assertThat(CrewSelection.age(25_204)).isEqualTo("7.0 h");
        assertThat(CrewSelection.age(5_400)).isEqualTo("1.5 h");
        for (int tenths = 0; tenths < 200_000; tenths += 7) {
            double metres = tenths / 10.0;
            assertThat(CrewSelection.distance(metres)).isEqualTo(metres < 1000
                    ? String.format(Locale.ROOT, "%.0f m", metres)
                    : String.format(Locale.ROOT, "%.1f km", metres / 1000));
        }
        for (long seconds = 3600; seconds < 400_000; seconds += 13) {
            assertThat(CrewSelection.age(seconds)).isEqualTo(String.format(Locale.ROOT, "%.1f h", seconds / 3600.0));
        }
    }
}
