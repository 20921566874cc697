package siaga.archive.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a report groups by. Complaint figures (counts, backlog) use the complaint's current state; SLA figures
 * use the department and category the SLA monitor published with each outcome, and the complaint's current crew
 * or kecamatan; attendance exists per department and per crew only (a crew is on shift for a department, not a
 * category or a kecamatan).
 *
 * <p>{@code KECAMATAN} is the district complaint.reported placed the complaint in, from version 2 on; reports
 * of version 1 carry none and are left out of that dimension, as complaints not yet dispatched are left out of
 * {@code CREW}.
 */
public enum ReportDimension {
    DEPARTMENT("department", "department", "o.department", "department"),
    CATEGORY("category", "category", "o.category", null),
    CREW("crew", "crew_id", "s.crew_id", "crew_id"),
    KECAMATAN("kecamatan", "district", "s.district", null);

    private final String wireName;
    private final String complaintColumn;
    private final String slaColumn;
    private final String shiftColumn;

    ReportDimension(String wireName, String complaintColumn, String slaColumn, String shiftColumn) {
        this.wireName = wireName;
        this.complaintColumn = complaintColumn;
        this.slaColumn = slaColumn;
        this.shiftColumn = shiftColumn;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReportDimension> fromWireName(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
    }

    /** The column of {@code complaint_state} holding the key. */
    String complaintColumn() {
        return complaintColumn;
    }

    /** The key of an {@code sla_outcomes o} row, possibly joined to {@code complaint_state s}. */
    String slaColumn() {
        return slaColumn;
    }

    boolean slaNeedsComplaint() {
        return slaColumn.startsWith("s.");
    }

    /** The column of {@code shifts} holding the key; empty where attendance has no meaning. */
    Optional<String> shiftColumn() {
        return Optional.ofNullable(shiftColumn);
    }
}
