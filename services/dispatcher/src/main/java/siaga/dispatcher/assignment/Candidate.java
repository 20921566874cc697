package siaga.dispatcher.assignment;

import siaga.contracts.Checks;

/**
 * A crew that could take a complaint now (on shift, in the owning department, with the category's skill), with
 * the evidence the choice weighs: its open jobs and its distance in metres from its last known location.
 */
public record Candidate(String crewId, int openJobs, double distanceMetres) {
    public Candidate {
        Checks.text(crewId, "crewId", 100);
        Checks.nonNegative(openJobs, "openJobs");
        if (!(distanceMetres >= 0)) {
            throw new IllegalArgumentException("distanceMetres must not be negative, was " + distanceMetres);
        }
    }
}
