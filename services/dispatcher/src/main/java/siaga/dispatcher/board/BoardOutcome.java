package siaga.dispatcher.board;

import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.events.DispatchEvent;
import siaga.dispatcher.explain.Explanation;

/**
 * What a board emits, one of: a decision for {@code dispatch}, a dead letter, or the new explanation of a
 * complaint for the explain store.
 */
public record BoardOutcome(Event<? extends DispatchEvent> decision, DeadLetter failure, Explanation explanation) {

    static BoardOutcome decided(Event<? extends DispatchEvent> decision) {
        return new BoardOutcome(decision, null, null);
    }

    static BoardOutcome failed(DeadLetter failure) {
        return new BoardOutcome(null, failure, null);
    }

    static BoardOutcome explained(Explanation explanation) {
        return new BoardOutcome(null, null, explanation);
    }
}
