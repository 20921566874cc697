package siaga.dispatcher.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CrewSelectionTest {

    @Test
    void noCandidateMeansNoAssignment() {
        assertThat(CrewSelection.choose("firefighting", List.of())).isEmpty();
    }

    @Test
    void fewerOpenJobsBeatNearer() {
        assertThat(CrewSelection.choose("firefighting", List.of(
                new Candidate("damkar-1", 2, 300),
                new Candidate("damkar-2", 1, 5400))))
                .contains(new Assignment("damkar-2", 1, 5400,
                        "least loaded (1 open job, 5.4 km away) of 2 on-shift crews with firefighting"));
    }

    @Test
    void equallyLoadedAndEquallyNearGoesToTheSmallerCrewId() {
        assertThat(CrewSelection.choose("firefighting", List.of(
                new Candidate("damkar-3", 0, 950),
                new Candidate("damkar-1", 0, 950),
                new Candidate("damkar-2", 0, 4000))))
                .contains(new Assignment("damkar-1", 0, 950,
                        "least loaded (0 open jobs) and nearest (950 m) of 3 on-shift crews with firefighting;"
                                + " first by crew id of 2 equally placed"));
    }
}
