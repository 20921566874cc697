package siaga.sla.timeline;

import siaga.contracts.Checks;
import siaga.contracts.events.SlaStage;
import siaga.contracts.reference.ReferenceData.SlaTargets;

/**
 * A complaint's SLA targets in milliseconds, frozen when it is reported: a policy changed later applies to
 * complaints reported after the change, never to ones already running.
 */
public record StageTargets(long dispatchMillis, long acknowledgeMillis, long resolveMillis) {
    public StageTargets {
        Checks.nonNegative(dispatchMillis, "dispatchMillis");
        Checks.nonNegative(acknowledgeMillis, "acknowledgeMillis");
        Checks.nonNegative(resolveMillis, "resolveMillis");
    }

    public static StageTargets of(SlaTargets targets) {
        return new StageTargets(targets.dispatch().toMillis(), targets.acknowledge().toMillis(), targets.resolve().toMillis());
    }

    public long millis(SlaStage stage) {
        return switch (stage) {
            case DISPATCH -> dispatchMillis;
            case ACKNOWLEDGE -> acknowledgeMillis;
            case RESOLVE -> resolveMillis;
            default -> throw ComplaintTimeline.notMeasured(stage);
        };
    }
}
