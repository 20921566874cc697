package siaga.intake.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Bounds;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/**
 * A complaint as an operator submits it, checked against the rules of {@code complaint.reported} v1 and the
 * jurisdiction's reference data before anything is allocated or written:
 * <pre>
 * {"jurisdiction": "madiun",            optional, default the deployment's primary jurisdiction
 *  "category": "street-light-out",      one of the jurisdiction's categories
 *  "lat": -7.6298, "lon": 111.5239,     numbers inside the jurisdiction's bounds
 *  "address": "...",                    1-300 characters
 *  "description": "...",                1-2000 characters
 *  "reporter": {"name": "...",          1-100 characters
 *               "phone": "+62 812-..."}} 1-30 characters: an optional +, then digits, spaces and dashes
 * </pre>
 * Texts are stripped of surrounding white space before they are measured and kept. Lengths count UTF-16
 * units, as the event records do, which is never more lenient than the schema's code points.
 *
 * <p>{@link #read} reports every offending field at once, each by its JSON pointer, so an operator fixes
 * the whole form in one go; a field the form does not know is refused, never ignored.
 */
public record ComplaintForm(
        ReferenceData reference,
        Category category,
        GeoPoint location,
        String address,
        String description,
        Reporter reporter) {

    private static final Set<String> FIELDS =
            Set.of("jurisdiction", "category", "lat", "lon", "address", "description", "reporter");
    private static final Set<String> REPORTER_FIELDS = Set.of("name", "phone");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]*");

    /** The form in {@code body}, or a 400 problem listing every invalid field. */
    public static ComplaintForm read(JsonNode body, ReferenceCatalog catalog) {
        List<FieldError> errors = new ArrayList<>();
        ReferenceData reference = jurisdiction(body, catalog, errors);
        Category category = category(body, reference, errors);
        Double lat = coordinate(body, "lat", -90, 90, errors);
        Double lon = coordinate(body, "lon", -180, 180, errors);
        if (reference != null) {
            checkBounds(reference, lat, lon, errors);
        }
        String address = text(body, "", "address", 300, errors);
        String description = text(body, "", "description", 2000, errors);
        Reporter reporter = reporter(body, errors);
        unknownFields(body, "", FIELDS, errors);
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1
                    ? errors.get(0).pointer() + " " + errors.get(0).message()
                    : errors.size() + " fields of the complaint are invalid";
            throw ProblemException.badRequest(detail, errors);
        }
        return new ComplaintForm(reference, category, new GeoPoint(lat, lon), address, description, reporter);
    }

    public String jurisdictionId() {
        return reference.jurisdiction().id();
    }

    /** The fact to record, with department and priority taken from the category now. */
    public ComplaintReported reported(String ticket) {
        return new ComplaintReported(ticket, category.code(), category.department(), category.priority(), location,
                address, description, reporter);
    }

    private static ReferenceData jurisdiction(JsonNode body, ReferenceCatalog catalog, List<FieldError> errors) {
        JsonNode node = body.get("jurisdiction");
        if (absent(node)) {
            return catalog.primary();
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("/jurisdiction", "must be a string"));
            return null;
        }
        ReferenceData reference = catalog.find(node.asText()).orElse(null);
        if (reference == null) {
            errors.add(new FieldError("/jurisdiction", "is not a jurisdiction served here; one of "
                    + catalog.list().stream().map(r -> r.jurisdiction().id()).toList()));
        }
        return reference;
    }

    private static Category category(JsonNode body, ReferenceData reference, List<FieldError> errors) {
        String code = text(body, "", "category", 40, errors);
        if (code == null || reference == null) {
            return null;
        }
        Category category = reference.findCategory(code).orElse(null);
        if (category == null) {
            errors.add(new FieldError("/category", "is not a category of " + reference.jurisdiction().name()
                    + "; one of " + reference.categories().stream().map(Category::code).toList()));
        }
        return category;
    }

    private static Double coordinate(JsonNode body, String field, double min, double max, List<FieldError> errors) {
        JsonNode node = body.get(field);
        String pointer = "/" + field;
        if (absent(node)) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        if (!node.isNumber()) {
            errors.add(new FieldError(pointer, "must be a number (decimal degrees)"));
            return null;
        }
        double value = node.asDouble();
        if (!(value >= min && value <= max)) {
            errors.add(new FieldError(pointer, "must be between " + (int) min + " and " + (int) max));
            return null;
        }
        return value;
    }

    private static void checkBounds(ReferenceData reference, Double lat, Double lon, List<FieldError> errors) {
        Bounds bounds = reference.jurisdiction().bounds();
        String where = "is outside " + reference.jurisdiction().name();
        if (lat != null && (lat < bounds.minLat() || lat > bounds.maxLat())) {
            errors.add(new FieldError("/lat", where + " (latitude " + bounds.minLat() + " to " + bounds.maxLat() + ")"));
        }
        if (lon != null && (lon < bounds.minLon() || lon > bounds.maxLon())) {
            errors.add(new FieldError("/lon", where + " (longitude " + bounds.minLon() + " to " + bounds.maxLon() + ")"));
        }
    }

    private static Reporter reporter(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("reporter");
        if (absent(node)) {
            errors.add(new FieldError("/reporter", "is required"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("/reporter", "must be an object with name and phone"));
            return null;
        }
        String name = text(node, "/reporter", "name", 100, errors);
        String phone = text(node, "/reporter", "phone", 30, errors);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new FieldError("/reporter/phone", "must be digits, spaces and dashes, optionally after a leading +"));
            phone = null;
        }
        unknownFields(node, "/reporter", REPORTER_FIELDS, errors);
        return name == null || phone == null ? null : new Reporter(name, phone);
    }

    private static String text(JsonNode parent, String parentPointer, String field, int maxLength, List<FieldError> errors) {
        JsonNode node = parent.get(field);
        String pointer = parentPointer + "/" + field;
        if (absent(node)) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(pointer, "must be a string"));
            return null;
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            errors.add(new FieldError(pointer, "must not be blank"));
            return null;
        }
        if (value.length() > maxLength) {
            errors.add(new FieldError(pointer, "must be at most " + maxLength + " characters, was " + value.length()));
            return null;
        }
        return value;
    }

    private static void unknownFields(JsonNode node, String parentPointer, Set<String> known, List<FieldError> errors) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(new FieldError(parentPointer + "/" + escape(name),
                        "is not a known field; expected " + known.stream().sorted().toList()));
            }
        });
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** RFC 6901: '~' and '/' inside a name are written '~0' and '~1'. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
