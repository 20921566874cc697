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
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

class ComplaintFormTest {
    static final ReferenceCatalog MADIUN = ReferenceCatalog.demo();

    @Test
    void readsAFormInTheDefaultJurisdictionWithDepartmentAndPriorityFromTheCategory() {
        ComplaintForm form = ComplaintForm.read(aFallenTree(f -> f.put("address", "  Jl. Diponegoro 5  ")), MADIUN);

        assertThat(form.jurisdictionId()).isEqualTo("madiun");
        assertThat(form.reported("MDN-2026-000007")).isEqualTo(new ComplaintReported("MDN-2026-000007", "fallen-tree",
                "DLH", 2, new GeoPoint(-7.6312, 111.5301), "Jl. Diponegoro 5", "Pohon tumbang menutup jalan",
                new Reporter("Budi Santoso", "0812 3456 7890")));
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
            f.withObjectProperty("reporter").put("email", "budi@example.id");
            f.withObjectProperty("reporter").remove("name");
        }));

        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().detail()).isEqualTo("9 fields of the complaint are invalid");
        assertThat(problem.problem().errors()).extracting(FieldError::pointer).containsExactlyInAnyOrder(
                "/jurisdiction", "/lat", "/lon", "/address", "/description", "/urgent",
                "/reporter/name", "/reporter/phone", "/reporter/email");
    }

    @Test
    void refusesACategoryOfNoJurisdictionAndNamesTheKnownOnes() {
        ProblemException problem = refused(aFallenTree(f -> f.put("category", "volcano")));

        assertThat(problem.problem().errors()).containsExactly(new FieldError("/category",
                "is not a category of Kota Madiun; one of [street-light-out, fallen-tree, flood, fire, pothole]"));
    }

    @Test
    void refusesAPointOutsideTheJurisdictionByTheCoordinateThatIsOut() {
        ProblemException problem = refused(aFallenTree(f -> f.put("lon", 111.60)));

        assertThat(problem.problem().errors()).containsExactly(
                new FieldError("/lon", "is outside Kota Madiun (longitude 111.48 to 111.56)"));
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
        return catchThrowableOfType(ProblemException.class, () -> ComplaintForm.read(body, MADIUN));
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
