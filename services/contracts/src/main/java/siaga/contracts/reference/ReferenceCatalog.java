package siaga.contracts.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reference data of every jurisdiction one deployment serves, by jurisdiction id. Immutable. */
public final class ReferenceCatalog {
    private final Map<String, ReferenceData> byJurisdiction;

    public ReferenceCatalog(List<ReferenceData> jurisdictions) {
        Map<String, ReferenceData> map = new LinkedHashMap<>();
        for (ReferenceData data : jurisdictions) {
            if (map.put(data.jurisdiction().id(), data) != null) {
                throw new IllegalArgumentException("jurisdiction " + data.jurisdiction().id() + " is configured twice");
            }
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("at least one jurisdiction must be configured");
        }
        this.byJurisdiction = java.util.Collections.unmodifiableMap(map);
    }

    public static ReferenceCatalog demo() {
        return new ReferenceCatalog(List.of(ReferenceData.demo()));
    }

    public Optional<ReferenceData> find(String jurisdictionId) {
        return Optional.ofNullable(byJurisdiction.get(jurisdictionId));
    }

    public ReferenceData get(String jurisdictionId) {
        return find(jurisdictionId).orElseThrow(() -> new IllegalArgumentException("unknown jurisdiction " + jurisdictionId));
    }

    public List<ReferenceData> list() {
        return List.copyOf(byJurisdiction.values());
    }

    /** The only jurisdiction, or the first configured: the default for requests that do not name one. */
    public ReferenceData primary() {
        return byJurisdiction.values().iterator().next();
    }
}
