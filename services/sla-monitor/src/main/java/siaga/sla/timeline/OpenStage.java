package siaga.sla.timeline;

import java.time.Instant;
import siaga.contracts.events.SlaStage;

/**
 * An entry of the {@code sla-open-stages-by-due} index: a stage that can still be breached, keyed so that the
 * store's byte order is due order ({@code <dueAt epoch millis, 19 digits>|<complaintId>|<stage>}), which lets
 * the breach punctuator read only the entries already due instead of every timeline.
 */
public record OpenStage(String complaintId, SlaStage stage) {

    public String key(Instant dueAt) {
        return String.format("%019d|%s|%s", dueAt.toEpochMilli(), complaintId, stage.wireName());
    }

    /** The due time in millis an index key starts with. */
    public static long dueMillis(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('|')));
    }
}
