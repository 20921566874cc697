package siaga.contracts;

/** A WGS84 position in decimal degrees. */
public record GeoPoint(double lat, double lon) {
    private static final double EARTH_RADIUS_METRES = 6_371_008.8;

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("lat must be between -90 and 90, was " + lat);
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("lon must be between -180 and 180, was " + lon);
        }
    }

    /** Great-circle (haversine) distance; good to a few metres at city scale, which is all dispatch needs. */
    public double metresTo(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
