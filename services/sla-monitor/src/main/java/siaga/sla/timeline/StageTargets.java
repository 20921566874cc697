package siaga.sla.timeline;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import siaga.contracts.Checks;
import siaga.contracts.events.SlaStage;
import siaga.contracts.reference.ReferenceData.AdministrativeClocks;
import siaga.contracts.reference.ReferenceData.SlaTargets;

/**
 * The targets of one priority of a complaint's policy, in milliseconds of each stage's clock, frozen when it is
 * reported: a policy changed later applies to complaints reported after the change, never to ones already running.
 * A stage without a target (arrive, where the policy sets none) is not measured. The administrative stages' working
 * days are 24 h each of the working-day clock (see {@link siaga.sla.calendar.WorkingTime#workingDays}).
 */
public record StageTargets(Map<SlaStage, Long> millis) {
    public StageTargets {
        Map<SlaStage, Long> copy = new EnumMap<>(SlaStage.class);
        millis.forEach((stage, target) -> copy.put(stage, Checks.nonNegative(target, stage.wireName() + " target")));
        millis = java.util.Collections.unmodifiableMap(copy);
    }

    public static StageTargets of(SlaTargets field, AdministrativeClocks administrative) {
        Map<SlaStage, Long> millis = new EnumMap<>(SlaStage.class);
        millis.put(SlaStage.DISPATCH, field.dispatch().toMillis());
        millis.put(SlaStage.ACKNOWLEDGE, field.acknowledge().toMillis());
        if (field.arrive() != null) {
            millis.put(SlaStage.ARRIVE, field.arrive().toMillis());
        }
        millis.put(SlaStage.RESOLVE, field.resolve().toMillis());
        millis.put(SlaStage.FORWARD, Duration.ofDays(administrative.forward()).toMillis());
        millis.put(SlaStage.FOLLOW_UP, Duration.ofDays(administrative.followUp()).toMillis());
        millis.put(SlaStage.CLOSE, Duration.ofDays(administrative.closeWithoutReply()).toMillis());
        return new StageTargets(millis);
    }

    /** The measured stages, in stage order. */
    public Set<SlaStage> stages() {
        return millis.keySet();
    }

    public Optional<Long> find(SlaStage stage) {
        return Optional.ofNullable(millis.get(stage));
    }

    /** The target of a measured stage; throws for a stage this policy does not measure. */
    public long millis(SlaStage stage) {
        return find(stage).orElseThrow(() -> ComplaintTimeline.notMeasured(stage));
    }
}
