package siaga.contracts.events;

/** Facts on the {@code crews} topic, written by field-crew, keyed by crew id. */
public sealed interface CrewEvent extends EventPayload permits ShiftStarted, ShiftEnded, CrewLocationReported {
    String crewId();
}
