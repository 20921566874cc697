package siaga.intake.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.intake.place.DistrictMap.Placement;
import siaga.intake.place.Gazetteer;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/**
 * A complaint as an operator submits it, checked against the rules of {@code complaint.reported} v3 and the
 * jurisdiction's reference data before anything is allocated or written:
 * <pre>
 * {"jurisdiction": "madiun",            optional, default the operator's own (the only one they may name)
 *  "category": "street-light-out",      one of the jurisdiction's categories
 *  "priority": 2,                       optional, 1-5, default the category's; may be raised (smaller), never lowered
 *  "channel": "walk-in",                optional, phone | walk-in | web, default phone
 *  "lat": -7.6298, "lon": 111.5239,     numbers inside one of the jurisdiction's districts
 *  "address": "...",                    1-300 characters
 *  "description": "...",                1-2000 characters
 *  "reporter": {"name": "...",          1-100 characters
 *               "phone": "+62 812-...", 1-30 characters: an optional +, then digits, spaces and dashes
 *               "email": "..."},        optional, at most 254 characters, one @ with a dotted domain
 *  "mediaUrl": "https://...",           optional, a photo or video the reporter sent, http(s), at most 500 characters
 *  "attributes": {"lamp_state": "dark"}} optional, answers to the category's attributes by code: a string, or an
 *                                        array of strings for a multi-value list (see {@link AttributeAnswers})
 * </pre>
 * Texts are stripped of surrounding white space before they are measured and kept. Lengths count UTF-16
 * units, as the event records do, which is never more lenient than the schema's code points.
 *
 * <p>{@link #read} reports every malformed field at once (400), each by its JSON pointer, so an operator fixes
 * the whole form in one go; a field the form does not know is refused, never ignored. A well-formed form that
 * breaks a rule of the jurisdiction (a lowered priority, a point outside every district) is refused with 422,
 * again naming the fields.
 */
public record ComplaintForm(
        ReferenceData reference,
        Category category,
        int priority,
        GeoPoint location,
        String district,
        String address,
        String description,
        Reporter reporter,
        String channel,
        String kelurahan,
        String mediaUrl,
        Map<String, List<String>> attributes) {

    /** The channels an operator may name; {@code open311} is set only by the Open311 endpoint. */
    public static final Set<String> OPERATOR_CHANNELS = Set.of("phone", "walk-in", "web");
    public static final String DEFAULT_CHANNEL = "phone";
    private static final Set<String> FIELDS = Set.of("jurisdiction", "category", "priority", "channel", "lat", "lon",
            "address", "description", "reporter", "mediaUrl", "attributes");
    private static final Set<String> REPORTER_FIELDS = Set.of("name", "phone", "email");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]|[\\uFFFD\\uFFFE\\uFFFF]");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\".]+");
    private static final Pattern MEDIA_URL = Pattern.compile("https?://[^\\s<>\"]+");

    /** The form in {@code body} as an operator of {@code home} sends it. */
    public static ComplaintForm read(JsonNode body, Gazetteer places, ReferenceData home) {
        return read(body, places, OPERATOR_CHANNELS, home);
    }

    /**
     * The form in {@code body}, whose channel must be one of {@code channels}, for jurisdiction {@code home}
     * (the jurisdiction a body names must be that one); a 400 problem listing every malformed field, or a 422
     * problem listing every field that breaks a rule of the jurisdiction.
     */
    public static ComplaintForm read(JsonNode body, Gazetteer places, Set<String> channels, ReferenceData home) {
        List<FieldError> errors = new ArrayList<>();
        ReferenceData reference = jurisdiction(body, places.catalog(), home, errors);
        Category category = category(body, reference, errors);
        Integer priority = priority(body, errors);
        String channel = channel(body, channels, errors);
        Double lat = coordinate(body, "lat", -90, 90, errors);
        Double lon = coordinate(body, "lon", -180, 180, errors);
        String address = text(body, "", "address", 300, errors);
        String description = text(body, "", "description", 2000, errors);
        Reporter reporter = reporter(body, errors);
        String mediaUrl = mediaUrl(body, errors);
        Map<String, List<String>> answers = answers(body, errors);
        unknownFields(body, "", FIELDS, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(summary(errors), errors);
        }
        GeoPoint location = new GeoPoint(lat, lon);
        List<FieldError> broken = new ArrayList<>();
        if (priority != null && priority > category.priority()) {
            broken.add(new FieldError("/priority", "may be raised above the category's default "
                    + category.priority() + " (a smaller number), never lowered; was " + priority));
        }
        Map<String, List<String>> attributes = AttributeAnswers.check(category, answers, "/attributes", broken);
        Placement placement = places.place(reference, location);
        if (!placement.inside()) {
            String where = "is outside " + reference.jurisdiction().name() + ": the point lies in none of its districts";
            broken.add(new FieldError("/lat", where));
            broken.add(new FieldError("/lon", where));
        }
        if (!broken.isEmpty()) {
            throw IntakeProblems.unprocessable(broken.size() == 2 && !placement.inside()
                    ? "the point " + lat + ", " + lon + " is outside " + reference.jurisdiction().name()
                    : summary(broken), broken);
        }
        String district = placement.district() == null ? null : placement.district().id();
        return new ComplaintForm(reference, category, priority != null ? priority : category.priority(), location,
                district, address, description, reporter, channel, placement.kelurahan(), mediaUrl, attributes);
    }

    public String jurisdictionId() {
        return reference.jurisdiction().id();
    }

    /** The fact to record; the department is taken from the category now. */
    public ComplaintReported reported(String ticket) {
        return new ComplaintReported(ticket, category.code(), category.department(), priority, location,
                address, description, reporter, district, kelurahan, channel, mediaUrl, attributes);
    }

    private static String summary(List<FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).pointer() + " " + errors.get(0).message()
                : errors.size() + " fields of the complaint are invalid";
    }

    private static Integer priority(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("priority");
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > 5) {
            errors.add(new FieldError("/priority", "must be a whole number from 1 (most urgent) to 5"));
            return null;
        }
        return node.asInt();
    }

    private static String channel(JsonNode body, Set<String> channels, List<FieldError> errors) {
        JsonNode node = body.get("channel");
        if (absent(node)) {
            return DEFAULT_CHANNEL;
        }
        if (!node.isTextual() || !channels.contains(node.asText())) {
            errors.add(new FieldError("/channel", "must be one of " + channels.stream().sorted().toList()));
            return null;
        }
        return node.asText();
    }

    private static ReferenceData jurisdiction(JsonNode body, ReferenceCatalog catalog, ReferenceData home,
                                              List<FieldError> errors) {
        JsonNode node = body.get("jurisdiction");
        if (absent(node)) {
            return home;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("/jurisdiction", "must be a string"));
            return null;
        }
        ReferenceData reference = catalog.find(node.asText()).orElse(null);
        if (reference == null) {
            errors.add(new FieldError("/jurisdiction", "is not a jurisdiction served here; one of "
                    + catalog.list().stream().map(r -> r.jurisdiction().id()).toList()));
        } else if (reference != home) {
            throw ProblemException.forbidden("you file complaints for " + home.jurisdiction().name()
                    + " only, not for " + reference.jurisdiction().name());
        }
        return reference;
    }

    private static String mediaUrl(JsonNode body, List<FieldError> errors) {
        if (absent(body.get("mediaUrl"))) {
            return null;
        }
        String url = text(body, "", "mediaUrl", 500, errors);
        if (url != null && !MEDIA_URL.matcher(url).matches()) {
            errors.add(new FieldError("/mediaUrl", "must be an http or https URL"));
            return null;
        }
        return url;
    }

    /** The answers as given, each as a list of strings; their meaning is checked against the category later. */
    private static Map<String, List<String>> answers(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("attributes");
        Map<String, List<String>> answers = new LinkedHashMap<>();
        if (absent(node)) {
            return answers;
        }
        if (!node.isObject() || node.size() > 50) {
            errors.add(new FieldError("/attributes", "must be an object of at most 50 answers by attribute code"));
            return answers;
        }
        node.fields().forEachRemaining(field -> {
            String pointer = "/attributes/" + escape(field.getKey());
            JsonNode value = field.getValue();
            List<String> values = new ArrayList<>();
            if (value.isTextual()) {
                values.add(value.asText().strip());
            } else if (value.isArray() && value.size() <= 20) {
                value.forEach(v -> values.add(v.isTextual() ? v.asText().strip() : null));
            }
            if (values.isEmpty() || values.contains(null) || values.stream().anyMatch(v -> CONTROL.matcher(v).find())) {
                errors.add(new FieldError(pointer, "must be a string, or an array of up to 20 strings"));
            } else {
                answers.put(field.getKey(), values);
            }
        });
        return answers;
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

    private static Reporter reporter(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("reporter");
        if (absent(node)) {
            errors.add(new FieldError("/reporter", "is required"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("/reporter", "must be an object with name, phone and optionally email"));
            return null;
        }
        String name = text(node, "/reporter", "name", 100, errors);
        String phone = text(node, "/reporter", "phone", 30, errors);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new FieldError("/reporter/phone", "must be digits, spaces and dashes, optionally after a leading +"));
            phone = null;
        }
        String email = null;
        if (!absent(node.get("email"))) {
            email = text(node, "/reporter", "email", 254, errors);
            if (email != null && !EMAIL.matcher(email).matches()) {
                errors.add(new FieldError("/reporter/email", "must be an e-mail address such as budi@example.id"));
                email = null;
            }
        }
        unknownFields(node, "/reporter", REPORTER_FIELDS, errors);
        return name == null || phone == null ? null : new Reporter(name, phone, email);
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
        if (CONTROL.matcher(value).find()) {
            errors.add(new FieldError(pointer, "must not contain control characters other than line breaks and tabs"));
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
