package siaga.dispatcher.assignment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.Candidate;
import siaga.contracts.reference.ReferenceData;
import siaga.dispatcher.board.CrewOnBoard;

/**
 * Chooses a crew for one complaint among the crews of its department, and keeps the evidence.
 *
 * <p>Every crew of the department is looked at and given a status, first that applies: {@code wrong-skill}
 * (lacks the category's skill), {@code off-shift}, {@code declined} (declined this complaint or let it pass
 * unacknowledged), {@code busy} (at {@link DispatchRules#maxJobsPerCrew}), {@code stale-location} (its location is
 * older than {@link DispatchRules#staleLocation}: still a candidate, measured from its depot) or {@code available}.
 * Candidates are ranked by score = travel distance + {@link DispatchRules#LOAD_PENALTY_METRES} per open job, then
 * crew id, so the same board always gives the same answer. For example a crew 800 m away with one open job
 * (score 2.8 km) loses to one 2.5 km away with none (score 2.5 km).
 *
 * <p>Distances are haversine, in whole metres (good to a few metres, and a tie at that scale goes to crew id),
 * from the crew's last reported location, else where it started its shift, else its depot.
 */
public final class CrewSelection {
    /**
     * The evidence an event carries: the best this many crews; the reason still counts them all. Every decision
     * writes its evidence several times (the event, the job in its store, the explanation), so it is kept to what
     * a duty officer reads, not the whole department.
     */
    public static final int MAX_EVIDENCE = 10;

    private static final List<String> STATUS_ORDER = List.of("available", "stale-location", "busy", "declined", "off-shift",
            "wrong-skill", "unknown-location");
    private static final Comparator<Ranked> RANK = Comparator
            .comparingInt(Ranked::group)
            .thenComparingDouble(Ranked::score)
            .thenComparing(r -> r.candidate().crewId());

    /** A candidate with its sort keys worked out once rather than in every comparison. */
    private record Ranked(Candidate candidate, int group, double score) {
        Ranked(Candidate c) {
            this(c, eligible(c) ? 0 : 1 + STATUS_ORDER.indexOf(c.status()), CrewSelection.score(c));
        }
    }

    private CrewSelection() {
    }

    /**
     * What a complaint needs: a crew of {@code department} with {@code skill} (null: any skill of the department,
     * for a complaint re-routed from another department) near {@code location}, other than {@code excluded}.
     */
    public record Need(String department, String skill, GeoPoint location, Set<String> excluded) {
        public Need {
            excluded = Set.copyOf(excluded);
        }
    }

    /** The chosen crew (empty when none could take the job), every crew's evidence (best first) and why. */
    public record Selection(Optional<Candidate> chosen, List<Candidate> candidates, String reason) {
    }

    /**
     * {@code crews} are the department's crews in the newest reference data, {@code board} what the board knows of
     * them by crew id (a crew never seen is off shift at its depot); {@code now} dates the locations.
     */
    public static Selection choose(Need need, List<ReferenceData.Crew> crews, Map<String, CrewOnBoard> board,
                                   DispatchRules rules, Instant now) {
        List<Ranked> ranked = new ArrayList<>(crews.size());
        for (ReferenceData.Crew crew : crews) {
            ranked.add(new Ranked(evaluate(need, crew, board.get(crew.id()), rules, now)));
        }
        ranked.sort(RANK);
        List<Candidate> all = new ArrayList<>(ranked.size());
        ranked.forEach(r -> all.add(r.candidate()));
        List<Candidate> evidence = all.size() > MAX_EVIDENCE ? List.copyOf(all.subList(0, MAX_EVIDENCE)) : List.copyOf(all);
        if (all.isEmpty() || !eligible(all.get(0))) {
            return new Selection(Optional.empty(), evidence, whyNone(need, all, rules));
        }
        return new Selection(Optional.of(all.get(0)), evidence, whyBest(need, all));
    }

    private static Candidate evaluate(Need need, ReferenceData.Crew crew, CrewOnBoard onBoard, DispatchRules rules, Instant now) {
        int jobs = onBoard == null ? 0 : onBoard.openJobs().size();
        GeoPoint depot = crew.depot();
        long age = -1;
        GeoPoint at = depot;
        boolean stale = false;
        if (onBoard != null && onBoard.location() != null && onBoard.locationAt() != null) {
            age = Math.max(0, Duration.between(onBoard.locationAt(), now).toSeconds());
            stale = Duration.between(onBoard.locationAt(), now).compareTo(rules.staleLocation()) > 0;
            at = stale ? depot : onBoard.location();
        }
        String status;
        if (need.skill() != null && !crew.skills().contains(need.skill())) {
            status = "wrong-skill";
        } else if (onBoard == null || !onBoard.onShift()) {
            status = "off-shift";
        } else if (need.excluded().contains(crew.id())) {
            status = "declined";
        } else if (jobs >= rules.maxJobsPerCrew()) {
            status = "busy";
        } else {
            status = stale ? "stale-location" : "available";
        }
        return new Candidate(crew.id(), status, Math.rint(at.metresTo(need.location())), age, jobs, crew.skills());
    }

    /** A crew that can take the job now; a stale location only changes where its distance is measured from. */
    public static boolean eligible(Candidate c) {
        return c.status().equals("available") || c.status().equals("stale-location");
    }

    static double score(Candidate c) {
        return c.distanceMetres() + DispatchRules.LOAD_PENALTY_METRES * c.activeJobs();
    }

    private static String whyBest(Need need, List<Candidate> ranked) {
        Candidate best = ranked.get(0);
        List<Candidate> eligible = ranked.stream().filter(CrewSelection::eligible).toList();
        String figures = distance(best.distanceMetres()) + " away, " + openJobs(best.activeJobs());
        String stale = best.status().equals("stale-location")
                ? "; its location is " + age(best.locationAgeSeconds()) + " old (stale), so measured from its depot"
                : "";
        if (eligible.size() == 1) {
            long skilled = ranked.stream().filter(c -> !c.status().equals("wrong-skill")).count();
            return "only crew able to take it of " + pool(need, (int) skilled) + " (" + figures + ")" + stale;
        }
        Candidate next = eligible.get(1);
        String tie = score(next) == score(best) ? "; tie broken by crew id" : "";
        return "lowest score of " + eligible.size() + " able crews (" + figures + ": score " + distance(score(best))
                + "; next " + next.crewId() + " " + distance(score(next)) + ")" + tie + stale;
    }

    private static String whyNone(Need need, List<Candidate> all, DispatchRules rules) {
        List<Candidate> skilled = all.stream().filter(c -> !c.status().equals("wrong-skill")).toList();
        if (skilled.isEmpty()) {
            return need.skill() == null
                    ? "no crew in " + need.department()
                    : "no crew of " + need.department() + " has the skill " + need.skill();
        }
        long offShift = count(skilled, "off-shift");
        if (offShift == skilled.size()) {
            return skilled.size() == 1
                    ? "the one " + pool(need, 1).substring(2) + " is not on shift"
                    : "none of the " + pool(need, skilled.size()) + " is on shift";
        }
        List<String> parts = new ArrayList<>();
        long busy = count(skilled, "busy");
        long declined = count(skilled, "declined");
        if (busy > 0) {
            parts.add(busy + " busy (at the limit of " + openJobs(rules.maxJobsPerCrew()) + ")");
        }
        if (declined > 0) {
            parts.add(declined + " declined it or let it pass unacknowledged");
        }
        if (offShift > 0) {
            parts.add(offShift + " off shift");
        }
        return (busy == skilled.size() - offShift && declined == 0 ? "all on-shift crews busy: " : "no crew free: ")
                + String.join(", ", parts) + " of " + pool(need, skilled.size());
    }

    private static long count(List<Candidate> candidates, String status) {
        return candidates.stream().filter(c -> c.status().equals(status)).count();
    }

    /** {@code 3 DLH crews with tree-clearing}, or {@code 3 PUPR crews} when any skill will do. */
    private static String pool(Need need, int size) {
        String crews = size + " " + need.department() + (size == 1 ? " crew" : " crews");
        return need.skill() == null ? crews : crews + " with " + need.skill();
    }

    public static String openJobs(int count) {
        return count + (count == 1 ? " open job" : " open jobs");
    }

    /** {@code 850 m} below a kilometre, {@code 1.2 km} from there on. */
    public static String distance(double metres) {
        return metres < 1000
                ? rounded(metres, 0) + " m"
                : rounded(metres / 1000, 1) + " km";
    }

    public static String age(long seconds) {
        return seconds < 3600 ? seconds / 60 + " min" : rounded(seconds / 3600.0, 1) + " h";
    }

    /**
     * As {@code String.format("%.<places>f")} rounds (half up, on the shortest decimal form of the double), without
     * parsing a format for every figure of every reason.
     */
    private static String rounded(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}
