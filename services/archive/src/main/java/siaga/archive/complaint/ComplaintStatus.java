package siaga.archive.complaint;

import java.util.Locale;

/**
 * Where a complaint stands, in lifecycle order: a later constant is further along. The archive never moves a
 * complaint backwards, because it reads the complaint topics independently and may see a later fact first.
 */
public enum ComplaintStatus {
    REPORTED, QUEUED, DISPATCHED, ACKNOWLEDGED, RESOLVED;

    /** The name stored in {@code complaint_state.status} and shown by the API: {@code "resolved"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ComplaintStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The further along of the two; {@code current} may be null (no status yet). */
    static ComplaintStatus furthest(ComplaintStatus current, ComplaintStatus next) {
        return current == null || next.compareTo(current) > 0 ? next : current;
    }
}
