package siaga.intake.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import siaga.contracts.GeoPoint;

class NearbyGridTest {
    @Test
    void coversEveryPointWithinTheRadiusByTheRangesAroundTheCentreAtAnyLatitude() {
        Random random = new Random(42);
        for (double lat : new double[] {-7.6298, 0.0, 45.0, 69.5}) {
            GeoPoint centre = new GeoPoint(lat, 111.5239);
            List<NearbyGrid.KeyRange> ranges = NearbyGrid.around("madiun", "flood", centre, 150);
            for (int i = 0; i < 2000; i++) {
                GeoPoint p = new GeoPoint(lat + (random.nextDouble() - 0.5) * 0.006,
                        111.5239 + (random.nextDouble() - 0.5) * 0.006 / Math.cos(Math.toRadians(lat)));
                if (centre.metresTo(p) <= 150) {
                    String key = NearbyGrid.key("madiun", "flood", p, UUID.randomUUID().toString());
                    assertThat(ranges).as("%s within 150 m of %s", p, centre)
                            .anyMatch(r -> key.compareTo(r.from()) >= 0 && key.compareTo(r.to()) <= 0);
                }
            }
        }
    }

    @Test
    void readsThreeRowsOfThreeCellsFor150MetresInMadiunAndNothingOfAnotherCategory() {
        GeoPoint centre = new GeoPoint(-7.6298, 111.5239);

        assertThat(NearbyGrid.around("madiun", "flood", centre, 150)).containsExactly(
                new NearbyGrid.KeyRange("madiun/flood/065085/194348/", "madiun/flood/065085/194350/~"),
                new NearbyGrid.KeyRange("madiun/flood/065086/194348/", "madiun/flood/065086/194350/~"),
                new NearbyGrid.KeyRange("madiun/flood/065087/194348/", "madiun/flood/065087/194350/~"));
        String fire = NearbyGrid.key("madiun", "fire", centre, UUID.randomUUID().toString());
        assertThat(NearbyGrid.around("madiun", "flood", centre, 150))
                .noneMatch(r -> fire.compareTo(r.from()) >= 0 && fire.compareTo(r.to()) <= 0);
    }
}
