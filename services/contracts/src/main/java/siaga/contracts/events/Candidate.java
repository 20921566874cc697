package siaga.contracts.events;

import java.util.List;
import java.util.Objects;
import siaga.contracts.Checks;

/**
 * One crew the dispatcher considered, as evidence for its decision: whether it could take the job
 * ({@code status}: available, busy, off-shift, declined, stale-location, wrong-skill), how far it was, how old its
 * location was, its open jobs and skills. {@code locationAgeSeconds} is -1 where the crew never reported one.
 */
public record Candidate(String crewId, String status, double distanceMetres, long locationAgeSeconds, int activeJobs,
                        List<String> skills) {
    public Candidate {
        Checks.text(crewId, "crewId", 100);
        Checks.text(status, "status", 40);
        if (!(distanceMetres >= 0)) {
            throw new IllegalArgumentException("distanceMetres must not be negative, was " + distanceMetres);
        }
        if (locationAgeSeconds < -1) {
            throw new IllegalArgumentException("locationAgeSeconds must be -1 or more, was " + locationAgeSeconds);
        }
        Checks.range(activeJobs, "activeJobs", 0, 10_000);
        skills = List.copyOf(Objects.requireNonNull(skills, "skills"));
    }
}
