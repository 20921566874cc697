package siaga.intake.view;

import java.util.ArrayList;
import java.util.List;
import siaga.contracts.GeoPoint;

/**
 * Keys of the {@code open-complaints-by-category-cell} store: {@code jurisdiction/category/row/column/complaintId},
 * where row and column number a fixed grid of {@value #CELL_DEGREES}° cells (about 167 m north-south), written
 * as six zero-padded digits so that the store's byte order is the grid's order.
 *
 * <p>Why a plain grid and not geohash: a radius query needs the cells around the point, and with geohash that
 * means computing neighbours across the hash's bit interleaving (and its seams at the equator and the
 * meridian). With a grid the neighbours are just row ± n and column ± m, and because the column is the last
 * part before the id, each row is one contiguous range of keys: a 150 m query in Madiun is three range scans
 * over a 3 × 3 block, whatever the number of complaints elsewhere. The column count {@code m} grows with
 * 1/cos(latitude), as cells narrow away from the equator, so the block always covers the radius.
 *
 * <p>Example: (-7.6298, 111.5239) is row floor((90 + 7.6298) / 0.0015) = 65086, column
 * floor((180 + 111.5239) / 0.0015) = 194349; its key for street-light-out in Madiun starts
 * {@code madiun/street-light-out/065086/194349/}.
 */
public final class NearbyGrid {
    static final double CELL_DEGREES = 0.0015;
    private static final double METRES_PER_DEGREE_LAT = 111_195.0;

    private NearbyGrid() {
    }

    /** One row's contiguous key range, inclusive at both ends. */
    public record KeyRange(String from, String to) {
    }

    public static String key(String jurisdiction, String category, GeoPoint point, String complaintId) {
        return prefix(jurisdiction, category, row(point.lat())) + cell(column(point.lon())) + "/" + complaintId;
    }

    /** The key ranges that together hold every point within {@code radiusMetres} of {@code centre}. */
    public static List<KeyRange> around(String jurisdiction, String category, GeoPoint centre, double radiusMetres) {
        double cellMetres = CELL_DEGREES * METRES_PER_DEGREE_LAT;
        int rows = (int) Math.ceil(radiusMetres / cellMetres);
        double cos = Math.max(Math.cos(Math.toRadians(Math.abs(centre.lat()) + rows * CELL_DEGREES)), 0.01);
        int columns = (int) Math.ceil(radiusMetres / (cellMetres * cos));
        int row = row(centre.lat());
        int column = column(centre.lon());
        List<KeyRange> ranges = new ArrayList<>();
        for (int r = row - rows; r <= row + rows; r++) {
            String prefix = prefix(jurisdiction, category, r);
            // '/' < '0'-'9' < '~': the range runs from the first key of the first column to past the last one's ids
            ranges.add(new KeyRange(prefix + cell(column - columns) + "/", prefix + cell(column + columns) + "/~"));
        }
        return ranges;
    }

    private static String prefix(String jurisdiction, String category, int row) {
        return jurisdiction + "/" + category + "/" + cell(row) + "/";
    }

    private static int row(double lat) {
        return (int) Math.floor((90 - lat) / CELL_DEGREES);
    }

    private static int column(double lon) {
        return (int) Math.floor((180 + lon) / CELL_DEGREES);
    }

    private static String cell(int n) {
        return String.format("%06d", Math.max(n, 0));
    }
}
