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
        // crews key the crews topic and users sign in by id alone, so neither may repeat across jurisdictions
        Map<String, String> crewOwners = new LinkedHashMap<>();
        Map<String, String> userOwners = new LinkedHashMap<>();
        Map<String, String> prefixOwners = new LinkedHashMap<>();
        for (ReferenceData data : jurisdictions) {
            String id = data.jurisdiction().id();
            data.crews().forEach(c -> unique(crewOwners, c.id(), id, "crew"));
            data.users().forEach(u -> unique(userOwners, u.id(), id, "user"));
            unique(prefixOwners, data.jurisdiction().ticketPrefix(), id, "ticket prefix");
        }
        this.byJurisdiction = java.util.Collections.unmodifiableMap(map);
    }

    private static void unique(Map<String, String> owners, String key, String jurisdiction, String what) {
        String other = owners.putIfAbsent(key, jurisdiction);
        if (other != null) {
            throw new IllegalArgumentException(what + " " + key + " of " + jurisdiction + " is also one of " + other);
        }
    }

    /** The demo deployment's jurisdictions, Kota Madiun first. */
    public static ReferenceCatalog demo() {
        return new ReferenceCatalog(ReferenceData.DEMO_DEPLOYMENT.stream().map(ReferenceData::fromResource).toList());
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
