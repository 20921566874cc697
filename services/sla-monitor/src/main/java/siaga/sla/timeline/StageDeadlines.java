package siaga.sla.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import siaga.sla.calendar.WorkingTime;

/**
 * The arithmetic of one stage's clock: the time it has accrued and when it reaches its target, on its calendar
 * ({@link WorkingTime}) and with the complaint's pauses taken out. Pure functions; the pauses must be in order and
 * not overlap (a complaint is paused at most once at a time).
 *
 * <p>Worked example, a street light in Madiun (working hours, Monday 07:30-16:00 WIB) reported on Monday 9 March
 * 2026 at 08:00 WIB with an acknowledge target of 1 h, paused from 08:20 to 10:00 WIB waiting for another
 * department: it has accrued 20 min when paused and needs 40 more after the resume, so it is at risk at 10:28 WIB
 * (48 min accrued, 80%) and due at 10:40 WIB instead of 09:00. Acknowledged at 10:30 WIB it is met in 50 min of
 * accrued time with 1 h 40 min paused. On a 24/7 clock the same numbers hold, all that time being working time.
 */
public final class StageDeadlines {
    /** The share of a target after which an open stage is reported at risk. */
    public static final double AT_RISK_SHARE = 0.8;

    private StageDeadlines() {
    }

    /** Both moments of one stage; {@code atRiskAt} is never after {@code dueAt}. */
    public record Deadline(Instant atRiskAt, Instant dueAt) {
        public Deadline {
            Objects.requireNonNull(atRiskAt, "atRiskAt");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /**
     * When a stage started at {@code start} with {@code targetMillis} is at risk and due, never before
     * {@code notBefore} (a raised priority whose target the stage had already used up is due at the change); null
     * while a pause is open before the target is reached, since a paused clock has no due moment. Example: a 4 h
     * target from Friday 15:50 WIB on the Madiun calendar, never paused, is at risk after 3 h 12 min of working
     * time, Monday 10:02 WIB, and due after 4 h, Monday 10:50 WIB.
     */
    public static Deadline deadline(Instant start, long targetMillis, Instant notBefore, List<Pause> pauses, WorkingTime clock) {
        Instant due = reach(start, targetMillis, pauses, clock);
        if (due == null) {
            return null;
        }
        Instant atRisk = reach(start, (long) Math.floor(targetMillis * AT_RISK_SHARE), pauses, clock);
        return new Deadline(later(atRisk, notBefore), later(due, notBefore));
    }

    /** The time accrued on {@code clock} from {@code start} to {@code at}, less the paused time in between. */
    public static long elapsedMillis(Instant start, Instant at, List<Pause> pauses, WorkingTime clock) {
        return clock.between(start, at).toMillis() - pausedMillis(start, at, pauses, clock);
    }

    /** The time on {@code clock} between {@code start} and {@code at} that fell within a pause (one still open runs to {@code at}). */
    public static long pausedMillis(Instant start, Instant at, List<Pause> pauses, WorkingTime clock) {
        Duration paused = Duration.ZERO;
        for (Pause pause : pauses) {
            Instant from = later(pause.pausedAt(), start);
            Instant to = pause.isOpen() || pause.resumedAt().isAfter(at) ? at : pause.resumedAt();
            paused = paused.plus(clock.between(from, to));
        }
        return paused.toMillis();
    }

    /** The pauses as they stood at {@code at}: those begun before it, a pause resumed after it still open. */
    public static List<Pause> asOf(List<Pause> pauses, Instant at) {
        return pauses.stream().filter(p -> p.pausedAt().isBefore(at))
                .map(p -> p.isOpen() || !p.resumedAt().isAfter(at) ? p : new Pause(p.pausedAt(), null, p.reason()))
                .toList();
    }

    /** The first moment at which {@code millis} have accrued since {@code start}; null if a pause still open comes first. */
    private static Instant reach(Instant start, long millis, List<Pause> pauses, WorkingTime clock) {
        Instant from = start;
        Duration remaining = Duration.ofMillis(millis);
        for (Pause pause : pauses) {
            if (!pause.isOpen() && !pause.resumedAt().isAfter(from)) {
                continue;
            }
            Instant pausedAt = later(pause.pausedAt(), from);
            Duration available = clock.between(from, pausedAt);
            if (remaining.compareTo(available) <= 0) {
                return clock.plus(from, remaining);
            }
            remaining = remaining.minus(available);
            if (pause.isOpen()) {
                return null;
            }
            from = pause.resumedAt();
        }
        return clock.plus(from, remaining);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
