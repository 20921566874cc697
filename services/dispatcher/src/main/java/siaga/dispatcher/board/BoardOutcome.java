package siaga.dispatcher.board;

import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.events.DispatchEvent;

/** What a board emits, one of: a decision for {@code dispatch}, or a dead letter. */
public record BoardOutcome(Event<? extends DispatchEvent> decision, DeadLetter failure) {

    static BoardOutcome decided(Event<? extends DispatchEvent> decision) {
        return new BoardOutcome(decision, null);
    }

    static BoardOutcome failed(DeadLetter failure) {
        return new BoardOutcome(null, failure);
    }
}
