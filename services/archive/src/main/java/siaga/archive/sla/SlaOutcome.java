package siaga.archive.sla;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;

/**
 * A row of {@code sla_outcomes}: one event of the sla topic as the SLA monitor published it, with where it was
 * read ({@code partition}, {@code offset} of the sla topic).
 *
 * <p>Met and corrected outcomes carry {@code completedAt}, {@code elapsedMillis} (time on the stage's clock, pauses
 * left out), {@code pausedMillis} (those pauses; 0 in version 1 events) and {@code withinTarget};
 * breached and at-risk ones {@code dueAt}; corrected ones {@code correctsEventId}, the outcome they replace.
 * The other fields are null.
 *
 * <p>Reports count a completion (met, or corrected) in the period of its {@code completedAt}, as the monitor's
 * histograms do, and a breach in the period of its {@code dueAt}; an outcome a correction names does not count,
 * the correction does. A breach also does not count when a completion of the same stage says it was within
 * target: the monitor never publishes both (a late completion within target is a correction), so the breach is
 * left over from before a re-measurement under a looser policy. At-risk outcomes are not counted.
 *
 * <p>Re-measurement: the monitor derives the event id of an outcome from complaint, type and stage, so when it
 * is replayed under another policy it republishes an outcome with the same id and other figures. The copy read
 * later replaces the row when any figure differs (an identical republication changes nothing); all of a complaint's sla events are on
 * one partition, so "later" is a higher offset there (should the topic's partitions change, a later
 * {@code occurredAt}).
 */
public record SlaOutcome(UUID eventId, UUID complaintId, String jurisdiction, String stage, String outcome,
                         String category, String department, Instant startedAt, long targetMillis,
                         Instant completedAt, Long elapsedMillis, Long pausedMillis, Boolean withinTarget, Instant dueAt,
                         Instant occurredAt, UUID correctsEventId, int partition, long offset) {
    public static final String MET = "met";
    public static final String BREACHED = "breached";
    public static final String AT_RISK = "at-risk";
    public static final String CORRECTED = "corrected";

    /** The outcome {@code event}, read at {@code partition}/{@code offset}, reports; empty when it is no sla event. */
    public static Optional<SlaOutcome> of(Event<?> event, UUID complaintId, int partition, long offset) {
        if (event.data() instanceof StageMet met) {
            return Optional.of(new SlaOutcome(event.eventId(), complaintId, event.jurisdiction(), met.stage().wireName(), MET,
                    met.category(), met.department(), met.startedAt(), met.targetMillis(), met.completedAt(),
                    met.elapsedMillis(), met.pausedMillis(), met.withinTarget(), null, event.occurredAt(), null, partition, offset));
        }
        if (event.data() instanceof StageBreached breached) {
            return Optional.of(new SlaOutcome(event.eventId(), complaintId, event.jurisdiction(), breached.stage().wireName(), BREACHED,
                    breached.category(), breached.department(), breached.startedAt(), breached.targetMillis(), null,
                    null, null, null, breached.dueAt(), event.occurredAt(), null, partition, offset));
        }
        if (event.data() instanceof StageAtRisk atRisk) {
            return Optional.of(new SlaOutcome(event.eventId(), complaintId, event.jurisdiction(), atRisk.stage().wireName(), AT_RISK,
                    atRisk.category(), atRisk.department(), atRisk.startedAt(), atRisk.targetMillis(), null, null,
                    null, null, atRisk.dueAt(), event.occurredAt(), null, partition, offset));
        }
        if (event.data() instanceof StageCorrected corrected) {
            return Optional.of(new SlaOutcome(event.eventId(), complaintId, event.jurisdiction(), corrected.stage().wireName(), CORRECTED,
                    corrected.category(), corrected.department(), corrected.startedAt(), corrected.targetMillis(),
                    corrected.completedAt(), corrected.elapsedMillis(), corrected.pausedMillis(), corrected.withinTarget(), null,
                    event.occurredAt(), corrected.correctsEventId(), partition, offset));
        }
        return Optional.empty();
    }
}
