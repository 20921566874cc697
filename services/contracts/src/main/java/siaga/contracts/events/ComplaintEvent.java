package siaga.contracts.events;

/** Facts on the {@code complaints} topic, written by intake, keyed by complaint id. */
public sealed interface ComplaintEvent extends EventPayload permits ComplaintReported, ComplaintCancelled, ComplaintClosed, NoteAdded, ComplaintSplit,
        ComplaintPriorityChanged, ClockPaused, ClockResumed {
}
