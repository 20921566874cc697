package siaga.dispatcher.board;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import siaga.contracts.events.Candidate;

/**
 * The latest decision about a complaint with its evidence, as {@code GET /api/dispatch/{id}/explain} shows it:
 * the event it was written as ({@code type}, {@code eventId}), the crew (null when queued; the original complaint
 * for a merge), the candidates, the reason and the rule version.
 */
public record Decision(String type, UUID eventId, Instant decidedAt, String crewId, String mergedInto,
                       String reason, List<Candidate> candidates, String ruleVersion) {
    public Decision {
        candidates = List.copyOf(candidates);
    }
}
