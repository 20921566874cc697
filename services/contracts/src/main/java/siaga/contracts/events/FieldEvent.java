package siaga.contracts.events;

/** Facts on the {@code field} topic, written by field-crew, keyed by complaint id. */
public sealed interface FieldEvent extends EventPayload permits JobAcknowledged, JobDeclined, JobEnRoute, JobOnScene, JobResolved,
        JobCannotFix {
    String crewId();
}
