package siaga.dispatcher.board;

import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.events.DispatchEvent;

/** What a board emits for one input: a decision for {@code dispatch}, or a dead letter. */
public record BoardOutcome(Event<? extends DispatchEvent> decision, DeadLetter failure) {
}
