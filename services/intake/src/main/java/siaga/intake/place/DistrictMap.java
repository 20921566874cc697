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
 * bounding box and places nothing (district null). Inside its district, the point is placed in the first kelurahan
 * whose drawn outline covers it, or in none (kelurahan null) where the district has not drawn that part.
 * Immutable and thread-safe.
 */
public final class DistrictMap {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final ReferenceData reference;
    private final List<Outline> outlines;

    private record Outline(District district, PreparedGeometry polygon, List<Kelurahan> kelurahan) {
    }

    private record Kelurahan(String name, PreparedGeometry polygon) {
    }

    /**
     * Where a point lies: inside the jurisdiction or not, in which district where one is drawn around it, and in
     * which of its kelurahan where that is drawn.
     */
    public record Placement(boolean inside, District district, String kelurahan) {
    }

    public DistrictMap(ReferenceData reference) {
        this.reference = reference;
        List<Outline> drawn = new ArrayList<>();
        for (District district : reference.districts()) {
            if (district.boundary().size() >= 4) {
                List<Kelurahan> kelurahan = district.kelurahanBoundaries().entrySet().stream()
                        .map(e -> new Kelurahan(e.getKey(), polygon(e.getValue()))).toList();
                drawn.add(new Outline(district, polygon(district.boundary()), kelurahan));
            }
        }
        this.outlines = List.copyOf(drawn);
    }

    private static PreparedGeometry polygon(List<List<Double>> positions) {
        Coordinate[] ring = positions.stream()
                .map(position -> new Coordinate(position.get(0), position.get(1)))
                .toArray(Coordinate[]::new);
        return PreparedGeometryFactory.prepare(GEOMETRY.createPolygon(ring));
    }

    public Placement place(GeoPoint point) {
        if (outlines.isEmpty()) {
            return new Placement(reference.jurisdiction().bounds().contains(point), null, null);
        }
        Point p = GEOMETRY.createPoint(new Coordinate(point.lon(), point.lat()));
        Optional<Outline> outline = outlines.stream().filter(o -> o.polygon().covers(p)).findFirst();
        if (outline.isEmpty()) {
            return new Placement(false, null, null);
        }
        String kelurahan = outline.get().kelurahan().stream().filter(k -> k.polygon().covers(p))
                .map(Kelurahan::name).findFirst().orElse(null);
        return new Placement(true, outline.get().district(), kelurahan);
    }
}
