package siaga.dispatcher.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a board knows about one complaint, kept after it is closed so that a repeated event is recognised
 * rather than acted on twice: its status, crew (null while queued), the crews excluded from it (declined it or
 * let it pass unacknowledged; never offered it again), escalations, reporters (1 + the duplicates merged into
 * it), the complaint it was merged into, when its acknowledgement is due and the latest decision.
 */
public record Job(WaitingComplaint complaint, String board, Status status, String crewId, List<String> excludedCrews,
                  int escalations, int reporters, String mergedInto, Instant acknowledgeDueAt, Decision decision) {

    public enum Status {
        QUEUED, DISPATCHED, ACKNOWLEDGED, RESOLVED, MERGED, CANCELLED, MOVED;

        /** Still waiting for or being worked on by a crew of this board: a duplicate can merge into it. */
        public boolean open() {
            return this == QUEUED || this == DISPATCHED || this == ACKNOWLEDGED;
        }
    }

    public Job {
        excludedCrews = List.copyOf(excludedCrews);
    }

    public String complaintId() {
        return complaint.complaintId();
    }

    static Job fresh(WaitingComplaint complaint, String board) {
        return new Job(complaint, board, Status.QUEUED, null, List.of(), 0, 1, null, null, null);
    }

    Job with(Status newStatus, String crew, Instant dueAt, Decision latest) {
        return new Job(complaint, board, newStatus, crew, excludedCrews, escalations, reporters, mergedInto, dueAt, latest);
    }

    Job withStatus(Status newStatus) {
        return new Job(complaint, board, newStatus, crewId, excludedCrews, escalations, reporters, mergedInto,
                newStatus == Status.DISPATCHED ? acknowledgeDueAt : null, decision);
    }

    Job excluding(String crew) {
        List<String> excluded = new ArrayList<>(excludedCrews);
        if (!excluded.contains(crew)) {
            excluded.add(crew);
        }
        return new Job(complaint, board, status, crewId, excluded, escalations, reporters, mergedInto, acknowledgeDueAt, decision);
    }

    Job escalated() {
        return new Job(complaint, board, status, crewId, excludedCrews, escalations + 1, reporters, mergedInto, acknowledgeDueAt, decision);
    }

    Job withReporters(int count) {
        return new Job(complaint, board, status, crewId, excludedCrews, escalations, count, mergedInto, acknowledgeDueAt, decision);
    }

    Job mergedInto(String original, Decision latest) {
        return new Job(complaint, board, Status.MERGED, null, excludedCrews, escalations, reporters, original, null, latest);
    }

    Job movedTo(WaitingComplaint rerouted, String newBoard) {
        return new Job(rerouted, newBoard, Status.QUEUED, null, List.of(), escalations, reporters, null, null, decision);
    }
}
