package siaga.archive.complaint;

import java.util.Locale;

/**
 * Where a complaint stands; {@link ComplaintState} derives it from the complaint's events. The constants of the
 * walking skeleton come first and the later ones after them, so that report columns keep their places.
 */
public enum ComplaintStatus {
    REPORTED, QUEUED, DISPATCHED, ACKNOWLEDGED, RESOLVED, CLOSED, CANCELLED, MERGED, DECLINED, CANNOT_FIX;

    /** The name stored in {@code complaint_state.status} and shown by the API: {@code "resolved"}, {@code "cannot-fix"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ComplaintStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
