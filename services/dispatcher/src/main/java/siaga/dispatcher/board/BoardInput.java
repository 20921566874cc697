package siaga.dispatcher.board;

import siaga.contracts.Event;

/**
 * An event on its way to its department's dispatch board, with where it was first read: after the repartition
 * the record's own coordinates are those of the internal topic, and a dead letter must point at the original.
 */
public record BoardInput(Source source, Event<?> event) {

    /** The topic, partition and offset the event was read from. */
    public record Source(String topic, int partition, long offset) {
    }
}
