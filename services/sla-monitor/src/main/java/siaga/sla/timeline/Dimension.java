package siaga.sla.timeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/** What SLA aggregates are grouped by; each complaint has one value per dimension, where known. */
public enum Dimension {
    @JsonProperty("jurisdiction") JURISDICTION,
    @JsonProperty("department") DEPARTMENT,
    @JsonProperty("category") CATEGORY,
    /** The crew assigned by the latest dispatch or reassignment; none before the first dispatch. */
    @JsonProperty("crew") CREW,
    /** The complaint's district (kecamatan) from its report; none where intake could not place it. */
    @JsonProperty("kecamatan") KECAMATAN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Dimension> find(String wireName) {
        for (Dimension d : values()) {
            if (d.wireName().equals(wireName)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
