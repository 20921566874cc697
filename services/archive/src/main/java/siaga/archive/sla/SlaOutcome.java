package siaga.archive.sla;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import siaga.contracts.Event;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;

/**
 * A row of {@code sla_outcomes}: one stage.met or stage.breached event as the SLA monitor published it. Reports
 * count a met stage in the period of its {@code completedAt} (as the monitor's histograms do) and a breach in
 * the period of its {@code dueAt}. Other events of the sla topic are archived as events only.
 *
 * <p>Met stages carry {@code completedAt}, {@code elapsedMillis} and {@code withinTarget}; breaches {@code dueAt};
 * the other of each is null.
 */
public record SlaOutcome(UUID eventId, UUID complaintId, String jurisdiction, String stage, String outcome,
                         String category, String department, Instant startedAt, long targetMillis,
                         Instant completedAt, Long elapsedMillis, Boolean withinTarget, Instant dueAt,
                         Instant occurredAt) {
    public static final String MET = "met";
    public static final String BREACHED = "breached";

    /** The outcome {@code event} reports, or empty when it is not a stage.met or stage.breached. */
    public static Optional<SlaOutcome> of(Event<?> event, UUID complaintId) {
        if (event.data() instanceof StageMet met) {
            return Optional.of(new SlaOutcome(event.eventId(), complaintId, event.jurisdiction(), met.stage().wireName(),
                    MET, met.category(), met.department(), met.startedAt(), met.targetMillis(), met.completedAt(),
                    met.elapsedMillis(), met.withinTarget(), null, event.occurredAt()));
        }
        if (event.data() instanceof StageBreached breached) {
            return Optional.of(new SlaOutcome(event.eventId(), complaintId, event.jurisdiction(),
                    breached.stage().wireName(), BREACHED, breached.category(), breached.department(),
                    breached.startedAt(), breached.targetMillis(), null, null, null, breached.dueAt(),
                    event.occurredAt()));
        }
        return Optional.empty();
    }
}
