package siaga.dispatcher.assignment;

import java.time.Duration;
import java.util.Set;

/**
 * The tunable part of the dispatch rules, with the version every decision carries.
 *
 * <ul>
 *   <li>{@code maxJobsPerCrew}: a crew with this many open jobs is busy (not a candidate).</li>
 *   <li>{@code staleLocation}: a location older than this no longer says where the crew is; its depot is used.</li>
 *   <li>{@code duplicateRadiusMetres}, {@code duplicateWindow}: a complaint of the same category this close, in
 *       space and in report time, to an open one is merged into it, for a category whose reference data sets no
 *       duplicate rule of its own.</li>
 *   <li>{@code supervisorAfterEscalations}: from this escalation of one complaint on, the supervisor is alerted.</li>
 * </ul>
 */
public record DispatchRules(int maxJobsPerCrew, Duration staleLocation, double duplicateRadiusMetres,
                            Duration duplicateWindow, int supervisorAfterEscalations) {
    /** Changes whenever a rule below or in {@link CrewSelection} changes, so old decisions stay explainable. */
    public static final String RULE_VERSION = "2026-12-b";
    /** An open job weighs as much as this much extra travel when crews are compared. */
    public static final double LOAD_PENALTY_METRES = 2_000;
    /** Emergencies whatever their priority; any priority-1 complaint is one too. */
    public static final Set<String> EMERGENCY_CATEGORIES = Set.of("fire", "flood");

    public DispatchRules {
        if (maxJobsPerCrew < 1) {
            throw new IllegalArgumentException("maxJobsPerCrew must be at least 1, was " + maxJobsPerCrew);
        }
        if (staleLocation.isNegative() || duplicateWindow.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (!(duplicateRadiusMetres >= 0)) {
            throw new IllegalArgumentException("duplicateRadiusMetres must not be negative, was " + duplicateRadiusMetres);
        }
        if (supervisorAfterEscalations < 1) {
            throw new IllegalArgumentException("supervisorAfterEscalations must be at least 1, was " + supervisorAfterEscalations);
        }
    }

    public static DispatchRules defaults() {
        return new DispatchRules(3, Duration.ofMinutes(30), 150, Duration.ofHours(2), 3);
    }

    public DispatchRules withMaxJobsPerCrew(int max) {
        return new DispatchRules(max, staleLocation, duplicateRadiusMetres, duplicateWindow, supervisorAfterEscalations);
    }

    public static boolean emergency(String category, int priority) {
        return priority == 1 || EMERGENCY_CATEGORIES.contains(category);
    }
}
