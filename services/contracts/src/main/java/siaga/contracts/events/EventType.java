package siaga.contracts.events;

/** A permanent wire name and version for a payload class, and the schema file that describes it. */
public record EventType(String name, int version, Class<? extends EventPayload> payloadClass) {
    public String schemaResource() {
        return "schemas/events/" + name + ".v" + version + ".json";
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
