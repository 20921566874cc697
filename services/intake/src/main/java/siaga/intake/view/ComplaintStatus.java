package siaga.intake.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a complaint stands in its lifecycle, in the order it moves through it. The order matters: the view
 * never moves a complaint backwards (see {@link ComplaintView#evolve}), and the terminal side paths (merged,
 * cancelled) come last so that a late dispatch or field event cannot revive a complaint that has left.
 */
public enum ComplaintStatus {
    @JsonProperty("reported") REPORTED,
    @JsonProperty("queued") QUEUED,
    @JsonProperty("dispatched") DISPATCHED,
    @JsonProperty("acknowledged") ACKNOWLEDGED,
    @JsonProperty("en-route") EN_ROUTE,
    @JsonProperty("on-scene") ON_SCENE,
    @JsonProperty("resolved") RESOLVED,
    @JsonProperty("closed") CLOSED,
    @JsonProperty("merged") MERGED,
    @JsonProperty("cancelled") CANCELLED;

    boolean isAfter(ComplaintStatus other) {
        return compareTo(other) > 0;
    }

    /** Still waiting for work: a duplicate of it should be flagged, and Open311 calls it {@code open}. */
    public boolean isOpen() {
        return compareTo(RESOLVED) < 0;
    }

    /** The wire name ({@code en-route}), as the JSON shows it. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
