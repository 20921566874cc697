package siaga.dispatcher.explain;

import java.util.List;
import siaga.dispatcher.board.Decision;
import siaga.dispatcher.board.Job;

/**
 * What {@code GET /api/dispatch/{complaintId}/explain} answers: where the complaint stands on its board
 * (status lower-case: queued, dispatched, acknowledged, resolved, merged, cancelled, moved), its crew, how many
 * people reported it, its escalations, the crews excluded from it, and the latest decision with its evidence.
 */
public record Explanation(String complaintId, String ticket, String jurisdiction, String category, String department,
                          String status, String crewId, int reporters, int escalations, List<String> excludedCrews,
                          String mergedInto, Decision decision) {
    public Explanation {
        excludedCrews = List.copyOf(excludedCrews);
    }

    public static Explanation of(Job job) {
        return new Explanation(job.complaintId(), job.complaint().ticket(), job.complaint().jurisdiction(),
                job.complaint().category(), job.complaint().department(), job.status().name().toLowerCase(java.util.Locale.ROOT),
                job.crewId(), job.reporters(), job.escalations(), job.excludedCrews(), job.mergedInto(), job.decision());
    }
}
