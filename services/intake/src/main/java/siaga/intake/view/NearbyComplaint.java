package siaga.intake.view;

import java.time.Instant;
import siaga.contracts.GeoPoint;

/** An open complaint as the {@code open-complaints-by-category-cell} store keeps it: just enough to flag a duplicate. */
public record NearbyComplaint(String complaintId, String ticket, String category, GeoPoint location, Instant reportedAt) {
}
