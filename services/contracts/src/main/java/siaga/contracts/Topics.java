package siaga.contracts;

import java.util.List;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.SlaEvent;

/**
 * The topics of DESIGN.md, named exactly as there. Event topics carry raw bytes on the wire and are decoded
 * with {@link EventTopic#decode}, so that a bad record is dead-lettered with its reason instead of stopping a
 * consumer. Partitions, retention and cleanup live in {@code infra/topics.yaml}.
 */
public final class Topics {
    public static final EventTopic<ComplaintEvent> COMPLAINTS = new EventTopic<>("complaints", ComplaintEvent.class);
    public static final EventTopic<DispatchEvent> DISPATCH = new EventTopic<>("dispatch", DispatchEvent.class);
    public static final EventTopic<FieldEvent> FIELD = new EventTopic<>("field", FieldEvent.class);
    public static final EventTopic<CrewEvent> CREWS = new EventTopic<>("crews", CrewEvent.class);
    public static final EventTopic<SlaEvent> SLA = new EventTopic<>("sla", SlaEvent.class);
    public static final String SLA_METRICS = "sla-metrics";
    public static final String REFERENCE = "reference";
    public static final String DEAD_LETTER = "dead-letter";

    public static final List<EventTopic<?>> EVENT_TOPICS = List.of(COMPLAINTS, DISPATCH, FIELD, CREWS, SLA);

    private Topics() {
    }
}
