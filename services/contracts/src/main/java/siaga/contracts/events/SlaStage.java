package siaga.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The measured stages of a complaint, each from the moment it was reported:
 * to dispatch (a crew chosen), to acknowledge (the crew accepted), to resolve (the crew fixed it).
 */
public enum SlaStage {
    @JsonProperty("dispatch") DISPATCH,
    @JsonProperty("acknowledge") ACKNOWLEDGE,
    @JsonProperty("resolve") RESOLVE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
