package siaga.contracts.events;

/** The fact an {@link siaga.contracts.Event} carries; one sealed sub-interface per topic. */
public sealed interface EventPayload permits ComplaintEvent, DispatchEvent, FieldEvent, CrewEvent, SlaEvent {
}
