package siaga.intake.place;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import siaga.contracts.GeoPoint;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.District;

/**
 * Places a point in its kecamatan by point-in-polygon over the districts' drawn boundaries (planar, in degrees:
 * at city scale the difference from a geodesic test is far below the precision of the outlines).
 *
 * <p>A point on the border of two districts belongs to the first in the reference data's order, so the answer
 * never depends on floating-point luck. A jurisdiction whose districts have no drawn boundary falls back to its
 * bounding box and places nothing (district null). Kelurahan are not drawn in the reference data, so they are
 * never placed here. Immutable and thread-safe.
 */
public final class DistrictMap {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final ReferenceData reference;
    private final List<Outline> outlines;

    private record Outline(District district, PreparedGeometry polygon) {
    }

    /** Where a point lies: inside the jurisdiction or not, and in which district where one is drawn around it. */
    public record Placement(boolean inside, District district) {
    }

    public DistrictMap(ReferenceData reference) {
        this.reference = reference;
        List<Outline> drawn = new ArrayList<>();
        for (District district : reference.districts()) {
            if (district.boundary().size() >= 4) {
                Coordinate[] ring = district.boundary().stream()
                        .map(position -> new Coordinate(position.get(0), position.get(1)))
                        .toArray(Coordinate[]::new);
                drawn.add(new Outline(district, PreparedGeometryFactory.prepare(GEOMETRY.createPolygon(ring))));
            }
        }
        this.outlines = List.copyOf(drawn);
    }

    public Placement place(GeoPoint point) {
        if (outlines.isEmpty()) {
            return new Placement(reference.jurisdiction().bounds().contains(point), null);
        }
        Point p = GEOMETRY.createPoint(new Coordinate(point.lon(), point.lat()));
        Optional<District> district = outlines.stream().filter(o -> o.polygon().covers(p)).map(Outline::district).findFirst();
        return new Placement(district.isPresent(), district.orElse(null));
    }
}
