package siaga.contracts.events;

/** Facts on the {@code sla} topic, written by the SLA monitor, keyed by complaint id. */
public sealed interface SlaEvent extends EventPayload permits StageMet, StageBreached, StageAtRisk, StageCorrected {
    SlaStage stage();

    String category();
}
