package siaga.contracts.events;

/** Facts on the {@code dispatch} topic, written by the dispatcher, keyed by complaint id. */
public sealed interface DispatchEvent extends EventPayload permits ComplaintDispatched, ComplaintQueued, ComplaintMerged, ComplaintEscalated,
        ComplaintReassigned, SupervisorAlerted {
}
