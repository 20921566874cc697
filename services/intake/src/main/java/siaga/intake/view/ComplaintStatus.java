package siaga.intake.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a complaint stands in the walking skeleton's lifecycle, in the order it moves through it. The order
 * matters: the view never moves a complaint backwards (see {@link ComplaintView#evolve}).
 */
public enum ComplaintStatus {
    @JsonProperty("reported") REPORTED,
    @JsonProperty("queued") QUEUED,
    @JsonProperty("dispatched") DISPATCHED,
    @JsonProperty("acknowledged") ACKNOWLEDGED,
    @JsonProperty("resolved") RESOLVED;

    boolean isAfter(ComplaintStatus other) {
        return compareTo(other) > 0;
    }
}
