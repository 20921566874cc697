package siaga.contracts.events;

import java.util.List;
import siaga.contracts.Checks;

/**
 * The complaint's SLA clocks stop for a condition its category's policy allows ({@code pauseReasons} in the
 * reference data), until {@link ClockResumed}. A pause of an already paused complaint is refused by its writer.
 */
public record ClockPaused(String reason, String note) implements ComplaintEvent {
    public static final String WAITING_OTHER_DEPARTMENT = "waiting-other-department";
    public static final String WAITING_MATERIALS = "waiting-materials";
    public static final String REPORTER_UNREACHABLE = "reporter-unreachable";
    public static final List<String> REASONS = List.of(WAITING_OTHER_DEPARTMENT, WAITING_MATERIALS, REPORTER_UNREACHABLE);

    public ClockPaused {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("reason must be one of " + REASONS + ", was " + reason);
        }
        if (note != null) {
            Checks.text(note, "note", 2000);
        }
    }
}
