package siaga.intake.place;

import java.util.LinkedHashMap;
import java.util.Map;
import siaga.contracts.GeoPoint;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.intake.place.DistrictMap.Placement;

/** Every served jurisdiction's reference data with its {@link DistrictMap}, built once. Immutable, thread-safe. */
public final class Gazetteer {
    private final ReferenceCatalog catalog;
    private final Map<String, DistrictMap> maps = new LinkedHashMap<>();

    public Gazetteer(ReferenceCatalog catalog) {
        this.catalog = catalog;
        catalog.list().forEach(r -> maps.put(r.jurisdiction().id(), new DistrictMap(r)));
    }

    public ReferenceCatalog catalog() {
        return catalog;
    }

    public Placement place(ReferenceData jurisdiction, GeoPoint point) {
        return maps.get(jurisdiction.jurisdiction().id()).place(point);
    }
}
