package siaga.dispatcher.board;

import siaga.contracts.Event;

/**
 * An event on its way to a department's dispatch board, with where it was first read: after the repartition
 * the record's own coordinates are those of the internal topic, and a dead letter must point at the original.
 * {@code complaint} is set only when the router moves a complaint to another department's board (the event is
 * then the dispatcher's own ComplaintQueued naming that department): the new board has never seen its report.
 */
public record BoardInput(Source source, Event<?> event, WaitingComplaint complaint) {

    public BoardInput(Source source, Event<?> event) {
        this(source, event, null);
    }

    /** The topic, partition and offset the event was read from. */
    public record Source(String topic, int partition, long offset) {
    }
}
