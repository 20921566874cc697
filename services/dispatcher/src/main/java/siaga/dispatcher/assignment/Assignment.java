package siaga.dispatcher.assignment;

/** The crew chosen for a complaint, the evidence it won on, and in words why. */
public record Assignment(String crewId, int openJobs, double distanceMetres, String reason) {
}
