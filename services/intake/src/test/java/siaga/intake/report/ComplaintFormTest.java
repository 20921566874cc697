package siaga.intake.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.intake.place.Gazetteer;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

class ComplaintFormTest {
    static final Gazetteer MADIUN = new Gazetteer(ReferenceCatalog.demo());

    @Test
    void readsAFormInTheDefaultJurisdictionWithDepartmentAndPriorityFromTheCategory() {
        ComplaintForm form = ComplaintForm.read(aFallenTree(f -> f.put("address", "  Jl. Diponegoro 5  ")), MADIUN, MADIUN.catalog().primary());

        assertThat(form.jurisdictionId()).isEqualTo("madiun");
        assertThat(form.reported("MDN-2026-000007")).isEqualTo(new ComplaintReported("MDN-2026-000007", "fallen-tree",
                "DLH", 2, new GeoPoint(-7.6312, 111.5301), "Jl. Diponegoro 5", "Pohon tumbang menutup jalan",
                new Reporter("Budi Santoso", "0812 3456 7890", null), "kartoharjo", "Pilangbango", "phone"));
    }

    @Test
    void takesARaisedPriorityTheChannelAndTheReportersEmail() {
        ComplaintForm form = ComplaintForm.read(aFallenTree(f -> {
            f.put("priority", 1);
            f.put("channel", "walk-in");
            f.withObjectProperty("reporter").put("email", "budi@example.id");
        }), MADIUN, MADIUN.catalog().primary());

        assertThat(form.reported("MDN-2026-000008")).isEqualTo(new ComplaintReported("MDN-2026-000008", "fallen-tree",
                "DLH", 1, new GeoPoint(-7.6312, 111.5301), "Jl. Diponegoro 5", "Pohon tumbang menutup jalan",
                new Reporter("Budi Santoso", "0812 3456 7890", "budi@example.id"), "kartoharjo", "Pilangbango", "walk-in"));
    }

    @Test
    void refusesALoweredPriorityWith422() {
        ProblemException problem = refused(aFallenTree(f -> f.put("priority", 3)));

        assertThat(problem.problem().status()).isEqualTo(422);
        assertThat(problem.problem().errors()).containsExactly(new FieldError("/priority",
                "may be raised above the category's default 2 (a smaller number), never lowered; was 3"));
    }

    @Test
    void placesAPointInItsKecamatanAndAPointOnTheBorderInTheFirstListed() {
        assertThat(ComplaintForm.read(aFallenTree(f -> f.put("lat", -7.66).put("lon", 111.50)), MADIUN, MADIUN.catalog().primary()).district())
                .isEqualTo("taman");
        assertThat(ComplaintForm.read(aFallenTree(f -> f.put("lat", -7.60).put("lon", 111.49)), MADIUN, MADIUN.catalog().primary()).district())
                .isEqualTo("manguharjo");
        assertThat(ComplaintForm.read(aFallenTree(f -> f.put("lat", -7.60).put("lon", 111.52)), MADIUN, MADIUN.catalog().primary()).district())
                .isEqualTo("kartoharjo");
    }

    @Test
    void placesAPointInItsKelurahanFromTheKelurahanOutlines() {
        ComplaintForm northWest = ComplaintForm.read(aFallenTree(f -> f.put("lat", -7.585).put("lon", 111.485)), MADIUN,
                MADIUN.catalog().primary());
        assertThat(northWest.district()).isEqualTo("manguharjo");
        assertThat(northWest.kelurahan()).isEqualTo("Manguharjo");
        assertThat(northWest.reported("MDN-2026-000001").kelurahan()).isEqualTo("Manguharjo");
        ComplaintForm southEast = ComplaintForm.read(aFallenTree(f -> f.put("lat", -7.675).put("lon", 111.555)), MADIUN,
                MADIUN.catalog().primary());
        assertThat(southEast.district()).isEqualTo("taman");
        assertThat(southEast.kelurahan()).isEqualTo("Pandean");
    }

    @Test
    void refusesAChannelOnlyOpen311MayUseAndAMalformedEmailAndControlCharacters() {
        ProblemException problem = refused(aFallenTree(f -> {
            f.put("channel", "open311");
            f.put("priority", 0);
            f.put("description", "Pohon\0tumbang");
            f.withObjectProperty("reporter").put("email", "budi at example");
        }));

        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().errors()).containsExactlyInAnyOrder(
                new FieldError("/channel", "must be one of [phone, walk-in, web]"),
                new FieldError("/priority", "must be a whole number from 1 (most urgent) to 5"),
                new FieldError("/description", "must not contain control characters other than line breaks and tabs"),
                new FieldError("/reporter/email", "must be an e-mail address such as budi@example.id"));
    }

    @Test
    void namesEveryInvalidFieldAtOnce() {
        ProblemException problem = refused(aFallenTree(f -> {
            f.put("jurisdiction", "surabaya");
            f.put("lat", "-7.63");
            f.remove("lon");
            f.put("address", "   ");
            f.put("description", 42);
            f.put("urgent", true);
            f.withObjectProperty("reporter").put("phone", "call me");
            f.withObjectProperty("reporter").put("mobile", "0812");
            f.withObjectProperty("reporter").remove("name");
        }));

        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().detail()).isEqualTo("9 fields of the complaint are invalid");
        assertThat(problem.problem().errors()).extracting(FieldError::pointer).containsExactlyInAnyOrder(
                "/jurisdiction", "/lat", "/lon", "/address", "/description", "/urgent",
                "/reporter/name", "/reporter/phone", "/reporter/mobile");
    }

    @Test
    void refusesACategoryOfNoJurisdictionAndNamesTheKnownOnes() {
        ProblemException problem = refused(aFallenTree(f -> f.put("category", "volcano")));

        assertThat(problem.problem().errors()).containsExactly(new FieldError("/category",
                "is not a category of Kota Madiun; one of [street-light-out, fallen-tree, flood, fire, pothole]"));
    }

    @Test
    void refusesAPointOutsideEveryDistrictWith422SayingSo() {
        ProblemException problem = refused(aFallenTree(f -> f.put("lon", 111.60)));

        assertThat(problem.problem().status()).isEqualTo(422);
        assertThat(problem.problem().detail()).isEqualTo("the point -7.6312, 111.6 is outside Kota Madiun");
        String message = "is outside Kota Madiun: the point lies in none of its districts";
        assertThat(problem.problem().errors()).containsExactly(new FieldError("/lat", message), new FieldError("/lon", message));
    }

    @Test
    void refusesAPhoneNumberThatIsNotDigitsSpacesAndDashes() {
        assertThat(refused(aFallenTree(f -> f.withObjectProperty("reporter").put("phone", "+62+812"))).problem().errors())
                .containsExactly(new FieldError("/reporter/phone", "must be digits, spaces and dashes, optionally after a leading +"));
        assertThat(refused(aFallenTree(f -> f.withObjectProperty("reporter").put("phone", "1".repeat(31)))).problem().errors())
                .containsExactly(new FieldError("/reporter/phone", "must be at most 30 characters, was 31"));
    }

    @Test
    void escapesAnUnknownFieldNameInItsPointer() {
        assertThat(refused(aFallenTree(f -> f.put("a/b~c", 1))).problem().errors()).extracting(FieldError::pointer)
                .containsExactly("/a~1b~0c");
    }

    private static ProblemException refused(ObjectNode body) {
        return catchThrowableOfType(ProblemException.class, () -> ComplaintForm.read(body, MADIUN, MADIUN.catalog().primary()));
    }

    private static ObjectNode aFallenTree(Consumer<ObjectNode> change) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("category", "fallen-tree")
                .put("lat", -7.6312)
                .put("lon", 111.5301)
                .put("address", "Jl. Diponegoro 5")
                .put("description", "Pohon tumbang menutup jalan");
        body.putObject("reporter").put("name", "Budi Santoso").put("phone", "0812 3456 7890");
        change.accept(body);
        return body;
    }
}
