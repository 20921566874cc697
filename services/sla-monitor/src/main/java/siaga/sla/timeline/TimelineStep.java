package siaga.sla.timeline;

import java.util.List;
import siaga.contracts.events.SlaEvent;

/**
 * The outcome of folding one event into a complaint's timeline: the timeline after it (null while the
 * complaint is still unknown), the SLA facts to publish in order, and, when the event breaks a rule, the
 * reason to dead-letter it with. A rejected event may still have been measured: see
 * {@link ComplaintTimeline#evolve}.
 */
public record TimelineStep(ComplaintTimeline timeline, List<SlaEvent> facts, String rejection) {
    public TimelineStep {
        facts = List.copyOf(facts);
    }

    static TimelineStep of(ComplaintTimeline timeline) {
        return new TimelineStep(timeline, List.of(), null);
    }

    static TimelineStep rejected(ComplaintTimeline timeline, String reason) {
        return new TimelineStep(timeline, List.of(), reason);
    }
}
