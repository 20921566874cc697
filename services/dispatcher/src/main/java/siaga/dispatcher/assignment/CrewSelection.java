package siaga.dispatcher.assignment;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses among the crews that could take a complaint: least loaded (fewest open jobs) first, then nearest,
 * then the smaller crew id so that the same board always gives the same answer. The reason names only what
 * decided, for example {@code least loaded (0 open jobs, 1.2 km away) of 3 on-shift crews with tree-clearing}
 * when one crew had fewer jobs than the rest, or {@code least loaded (1 open job) and nearest (850 m) of 3
 * on-shift crews with tree-clearing} when several were equally loaded and distance broke the tie.
 *
 * <p>Load has no ceiling yet: any on-shift crew with the skill is a candidate however busy it is.
 */
public final class CrewSelection {
    private static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::openJobs)
            .thenComparingDouble(Candidate::distanceMetres)
            .thenComparing(Candidate::crewId);

    private CrewSelection() {
    }

    /** The best candidate for a complaint needing {@code skill}, or empty when there is none. */
    public static Optional<Assignment> choose(String skill, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<Candidate> ranked = candidates.stream().sorted(ORDER).toList();
        Candidate best = ranked.get(0);
        return Optional.of(new Assignment(best.crewId(), best.openJobs(), best.distanceMetres(), reason(skill, ranked, best)));
    }

    private static String reason(String skill, List<Candidate> ranked, Candidate best) {
        String jobs = openJobs(best.openJobs());
        String distance = distance(best.distanceMetres());
        if (ranked.size() == 1) {
            return "only on-shift crew with " + skill + " (" + jobs + ", " + distance + " away)";
        }
        String pool = " of " + ranked.size() + " on-shift crews with " + skill;
        long equallyLoaded = ranked.stream().filter(c -> c.openJobs() == best.openJobs()).count();
        if (equallyLoaded == 1) {
            return "least loaded (" + jobs + ", " + distance + " away)" + pool;
        }
        long equallyPlaced = ranked.stream()
                .filter(c -> c.openJobs() == best.openJobs() && c.distanceMetres() == best.distanceMetres())
                .count();
        String reason = "least loaded (" + jobs + ") and nearest (" + distance + ")" + pool;
        return equallyPlaced == 1 ? reason : reason + "; first by crew id of " + equallyPlaced + " equally placed";
    }

    static String openJobs(int count) {
        return count + (count == 1 ? " open job" : " open jobs");
    }

    /** {@code 850 m} below a kilometre, {@code 1.2 km} from there on. */
    static String distance(double metres) {
        return metres < 1000
                ? String.format(Locale.ROOT, "%.0f m", metres)
                : String.format(Locale.ROOT, "%.1f km", metres / 1000);
    }
}
