package siaga.dispatcher.board;

import siaga.contracts.DeadLetter;

/** What the router made of one event: input for a board (keyed by the board), or a dead letter. */
public record Routed(BoardInput input, DeadLetter failure) {
}
