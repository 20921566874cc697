package siaga.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The measured stages of a complaint. Field stages, on the category's calendar, each from the report: to dispatch
 * (a crew chosen), to acknowledge (the crew accepted), to arrive (the crew on scene), to resolve (the crew fixed it).
 * Administrative stages of the national complaint rules, in working days of the jurisdiction: forward (the owning
 * department has it), follow-up (resolved), both from the report, and close (from the resolution to closing).
 */
public enum SlaStage {
    @JsonProperty("dispatch") DISPATCH("dispatch", false),
    @JsonProperty("acknowledge") ACKNOWLEDGE("acknowledge", false),
    @JsonProperty("arrive") ARRIVE("arrive", false),
    @JsonProperty("resolve") RESOLVE("resolve", false),
    @JsonProperty("forward") FORWARD("forward", true),
    @JsonProperty("follow-up") FOLLOW_UP("follow-up", true),
    @JsonProperty("close") CLOSE("close", true);

    private final String wireName;
    private final boolean administrative;

    SlaStage(String wireName, boolean administrative) {
        this.wireName = wireName;
        this.administrative = administrative;
    }

    public String wireName() {
        return wireName;
    }

    /** Measured in working days of the jurisdiction's calendar, whatever the category's clock. */
    public boolean administrative() {
        return administrative;
    }

    public static SlaStage fromWireName(String name) {
        for (SlaStage stage : values()) {
            if (stage.wireName.equals(name)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage " + name);
    }
}
