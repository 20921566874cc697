package siaga.dispatcher.board;

/**
 * What the board has decided about one complaint. Kept after resolution so that a repeated report or
 * resolution of the same complaint is recognised rather than acted on twice. {@code crewId} is null while
 * queued.
 */
public record Job(String complaintId, String board, Status status, String crewId) {

    public enum Status { QUEUED, DISPATCHED, RESOLVED }
}
