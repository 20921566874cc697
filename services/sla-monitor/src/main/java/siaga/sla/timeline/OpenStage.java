package siaga.sla.timeline;

import java.time.Instant;
import siaga.contracts.events.SlaStage;

/**
 * An entry of the {@code sla-stage-alarms-by-time} index: a stage that can still be warned or breached, keyed
 * so that the store's byte order is alarm order ({@code <alarm epoch millis, 19 digits>|<complaintId>|<stage>};
 * the alarm is the at-risk moment until the stage is warned, then the due moment), which lets the punctuator
 * read only the entries already ringing instead of every timeline.
 */
public record OpenStage(String complaintId, SlaStage stage) {

    public String key(Instant alarmAt) {
        return String.format("%019d|%s|%s", alarmAt.toEpochMilli(), complaintId, stage.wireName());
    }

    /** The alarm time in millis an index key starts with. */
    public static long dueMillis(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('|')));
    }
}
