package siaga.sla.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import siaga.contracts.events.SlaStage;
import siaga.sla.calendar.WorkingTime;

/**
 * When each stage of a complaint is at risk (80% of its target used) and due (all of it), fixed when the
 * complaint is reported, on the clock of its category then: a calendar or holiday changed later never moves
 * the deadlines of a complaint already running.
 */
public record StageDeadlines(Deadline dispatch, Deadline acknowledge, Deadline resolve) {
    /** The share of a target after which an open stage is reported at risk. */
    public static final double AT_RISK_SHARE = 0.8;

    public StageDeadlines {
        Objects.requireNonNull(dispatch, "dispatch");
        Objects.requireNonNull(acknowledge, "acknowledge");
        Objects.requireNonNull(resolve, "resolve");
    }

    /** Both moments of one stage; {@code atRiskAt} is never after {@code dueAt}. */
    public record Deadline(Instant atRiskAt, Instant dueAt) {
        public Deadline {
            Objects.requireNonNull(atRiskAt, "atRiskAt");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /**
     * The deadlines of targets measured from {@code reportedAt} in working time. Example: a 4 h target from
     * Friday 15:50 WIB on the Madiun calendar is at risk after 3 h 12 min of working time, Monday 10:02 WIB, and
     * due after 4 h, Monday 10:50 WIB.
     */
    public static StageDeadlines of(Instant reportedAt, StageTargets targets, WorkingTime clock) {
        return new StageDeadlines(deadline(reportedAt, targets.dispatchMillis(), clock),
                deadline(reportedAt, targets.acknowledgeMillis(), clock),
                deadline(reportedAt, targets.resolveMillis(), clock));
    }

    public Deadline of(SlaStage stage) {
        return switch (stage) {
            case DISPATCH -> dispatch;
            case ACKNOWLEDGE -> acknowledge;
            case RESOLVE -> resolve;
            default -> throw ComplaintTimeline.notMeasured(stage);
        };
    }

    private static Deadline deadline(Instant reportedAt, long targetMillis, WorkingTime clock) {
        long atRiskMillis = (long) Math.floor(targetMillis * AT_RISK_SHARE);
        return new Deadline(clock.plus(reportedAt, Duration.ofMillis(atRiskMillis)), clock.plus(reportedAt, Duration.ofMillis(targetMillis)));
    }
}
