package siaga.intake.open311;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.contracts.reference.ReferenceData.Integrator;
import siaga.runtime.access.RateLimiter;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.intake.IntakeTopology;
import siaga.intake.http.Requests;
import siaga.intake.place.Gazetteer;
import siaga.intake.report.ComplaintForm;
import siaga.intake.report.ComplaintIntake;
import siaga.intake.report.ComplaintIntake.Receipt;
import siaga.intake.view.ComplaintView;
import siaga.intake.view.ComplaintViews;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.Http;
import siaga.runtime.http.ProblemException;
import siaga.runtime.kafka.StreamsPeers;

/**
 * Open311 GeoReport v2 at {@code /open311/v2/}, in XML and JSON (the resource's extension chooses):
 * <ul>
 *   <li>{@code GET services.{fmt}}: one service per category ({@code service_code} = category code), with
 *       {@code metadata: true} where the category has attributes in the reference data.</li>
 *   <li>{@code GET services/{service_code}.{fmt}}: its definition: the category's attributes with the spec's fields.</li>
 *   <li>{@code POST requests.{fmt}}: a new complaint on channel {@code open311}, form-encoded; {@code api_key} is
 *       required (403 otherwise) and compared by SHA-256 with the jurisdiction's integrators.</li>
 *   <li>{@code GET requests.{fmt}}: filtered by {@code service_request_id}, {@code service_code},
 *       {@code start_date}, {@code end_date}, {@code status}; by default the last 90 days, at most 1000.</li>
 *   <li>{@code GET requests/{service_request_id}.{fmt}} and {@code GET tokens/{token}.{fmt}}.</li>
 * </ul>
 * {@code service_request_id} is the ticket number. Requests are recorded before the answer, so there is never
 * a pending token: the token is the request id itself. Errors are the spec's list of {@code code} and
 * {@code description} (400, 403, 404; 429 with {@code Retry-After} beyond the per-address rate limit; 503 when
 * the complaint cannot be recorded now).
 *
 * <p>Where GeoReport and our complaint contract differ:
 * <ul>
 *   <li>{@code lat} and {@code long} are required: {@code address_string} (or {@code address_id}) alone is refused
 *       with 400, since intake cannot geocode. Without {@code address_string} the address is the coordinates.</li>
 *   <li>a complaint needs a reporter's name and phone: {@code first_name} or {@code last_name}, and {@code phone},
 *       are required, as is {@code description}.</li>
 *   <li>{@code attribute[code]} (and {@code attribute[code][]} for a multi-value list) are checked against the
 *       definition ({@link siaga.intake.report.AttributeAnswers}) and recorded with the complaint, as is
 *       {@code media_url}; {@code device_id} and {@code account_id} are checked but not stored ({@code account_id}
 *       is echoed).</li>
 *   <li>{@code status} is {@code open} until the complaint is resolved, then {@code closed}; {@code status_notes}
 *       is our finer status ({@code dispatched}, {@code en-route}, ...).</li>
 * </ul>
 * The listing shows a complaint's description and address, as GeoReport publishes them, but never its reporter.
 */
public final class Open311Routes {
    public static final String BASE = "/open311/v2";
    static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
    static final int MAX_RESULTS = 1000;
    private static final Set<String> POST_PARAMETERS = Set.of("api_key", "jurisdiction_id", "service_code", "lat",
            "long", "address_string", "address_id", "email", "device_id", "account_id", "first_name", "last_name",
            "phone", "description", "media_url");
    private static final Set<String> LIST_PARAMETERS = Set.of("jurisdiction_id", "service_request_id", "service_code",
            "start_date", "end_date", "status");
    private static final Pattern TICKET = Pattern.compile("[A-Z]{2,5}-[0-9]{4}-[0-9]{6,12}");
    private static final Pattern MEDIA_URL = Pattern.compile("https?://[^\\s<>\"]{1,490}");
    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([A-Za-z0-9_-]{1,40})\\](\\[\\])?");
    private static final Map<String, String> FORM_TO_PARAMETER = Map.ofEntries(
            Map.entry("/jurisdiction", "jurisdiction_id"),
            Map.entry("/category", "service_code"),
            Map.entry("/lat", "lat"),
            Map.entry("/lon", "long"),
            Map.entry("/address", "address_string"),
            Map.entry("/description", "description"),
            Map.entry("/reporter/name", "first_name"),
            Map.entry("/reporter/phone", "phone"),
            Map.entry("/reporter/email", "email"),
            Map.entry("/reporter", "first_name"),
            Map.entry("/mediaUrl", "media_url"));

    private final Gazetteer places;
    private final ReferenceCatalog reference;
    private final Supplier<ComplaintIntake> intake;
    private final Supplier<ComplaintViews> views;
    private final RateLimiter limiter;
    private final StreamsPeers peers;
    private final Clock clock;

    public Open311Routes(Gazetteer places, ReferenceCatalog reference, Supplier<ComplaintIntake> intake,
                         Supplier<ComplaintViews> views, RateLimiter limiter, StreamsPeers peers, Clock clock) {
        this.limiter = limiter;
        this.peers = peers;
        this.places = places;
        this.reference = reference;
        this.intake = intake;
        this.views = views;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.get(BASE + "/{resource}", Roles.PUBLIC, ctx -> answer(ctx, ctx.pathParam("resource"), format -> switch (format.strip(ctx.pathParam("resource"))) {
            case "services" -> services(ctx, format);
            case "requests" -> requests(ctx, format);
            default -> throw ProblemException.notFound("no resource " + ctx.pathParam("resource"));
        }));
        routes.post(BASE + "/{resource}", Roles.INTEGRATOR, ctx -> answer(ctx, ctx.pathParam("resource"), format -> {
            if (!format.strip(ctx.pathParam("resource")).equals("requests")) {
                throw ProblemException.notFound("only requests can be posted");
            }
            return postRequest(ctx, format);
        }));
        routes.get(BASE + "/{resource}/{id}", Roles.PUBLIC, ctx -> {
            if (heldElsewhere(ctx)) {
                return;
            }
            answer(ctx, ctx.pathParam("id"), format -> {
                String id = format.strip(ctx.pathParam("id"));
                return switch (ctx.pathParam("resource")) {
                    case "services" -> serviceDefinition(ctx, format, id);
                    case "requests" -> request(ctx, format, id);
                    case "tokens" -> token(ctx, format, id);
                    default -> throw ProblemException.notFound("no resource " + ctx.pathParam("resource"));
                };
            });
        });
    }

    /** A request or token by a ticket another intake instance holds is answered by that instance. */
    private boolean heldElsewhere(Context ctx) {
        String resource = ctx.pathParam("resource");
        Open311Format format = Open311Format.of(ctx.pathParam("id"));
        if (format == null || !(resource.equals("requests") || resource.equals("tokens"))) {
            return false;
        }
        String ticket = format.strip(ctx.pathParam("id"));
        return TICKET.matcher(ticket).matches() && views.get().findByTicket(ticket).isEmpty()
                && peers.answeredByAny(ctx, IntakeTopology.TICKET_STORE);
    }

    private interface Handler {
        String handle(Open311Format format);
    }

    /** Runs {@code handler} in the format {@code resource} names, writing any failure as the spec's error list. */
    private void answer(Context ctx, String resource, Handler handler) {
        Open311Format format = Open311Format.of(resource);
        if (format == null) {
            error(ctx, Open311Format.JSON, 404, List.of("the resource must end in .json or .xml"));
            return;
        }
        try {
            limiter.check(ctx);
            String body = handler.handle(format);
            ctx.contentType(format.contentType()).result(body);
        } catch (ProblemException e) {
            int status = e.problem().status() == 422 ? 400 : e.problem().status();
            List<String> descriptions = e.problem().errors().isEmpty() ? List.of(e.problem().detail())
                    : e.problem().errors().stream().map(f -> parameter(f.pointer()) + ": " + f.message()).toList();
            error(ctx, format, status, descriptions);
        } catch (HttpResponseException e) {
            error(ctx, format, e.getStatus(), List.of(e.getMessage()));
        }
    }

    private static void error(Context ctx, Open311Format format, int status, List<String> descriptions) {
        List<Map<String, Object>> errors = descriptions.stream()
                .map(d -> fields("code", status, "description", d)).toList();
        ctx.status(status).contentType(format.contentType()).result(format.list("errors", "error", errors));
    }

    private static String parameter(String pointer) {
        if (pointer.startsWith("/attributes/")) {
            return "attribute[" + pointer.substring("/attributes/".length()) + "]";
        }
        return FORM_TO_PARAMETER.getOrDefault(pointer, pointer.startsWith("/") ? pointer.substring(1) : pointer);
    }

    private String services(Context ctx, Open311Format format) {
        Requests.onlyQueryParameters(ctx, Set.of("jurisdiction_id"));
        ReferenceData jurisdiction = jurisdiction(ctx.queryParam("jurisdiction_id"));
        List<Map<String, Object>> services = jurisdiction.categories().stream().map(c -> fields(
                "service_code", c.code(), "service_name", c.name(), "description", c.name(),
                "metadata", !c.attributes().isEmpty(),
                "type", "realtime", "keywords", c.skill(), "group", departmentName(jurisdiction, c.department()))).toList();
        return format.list("services", "service", services);
    }

    private String serviceDefinition(Context ctx, Open311Format format, String code) {
        Requests.onlyQueryParameters(ctx, Set.of("jurisdiction_id"));
        ReferenceData jurisdiction = jurisdiction(ctx.queryParam("jurisdiction_id"));
        Category category = jurisdiction.findCategory(code)
                .orElseThrow(() -> ProblemException.notFound("service_code " + code + " is not a service of "
                        + jurisdiction.jurisdiction().name()));
        List<Map<String, Object>> attributes = category.attributes().stream().map(a -> fields(
                "variable", a.variable(), "code", a.code(), "datatype", a.datatype(), "required", a.required(),
                "datatype_description", a.datatypeDescription(), "order", a.order(), "description", a.description(),
                "values", a.values().stream().map(v -> fields("key", v.key(), "name", v.name())).toList())).toList();
        return format.single("service_definition", fields("service_code", category.code(), "attributes", attributes));
    }

    /** The api_key is judged before the rest of the request, so that a caller without a valid one learns nothing more. */
    private String postRequest(Context ctx, Open311Format format) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> params = postParameters(ctx, errors);
        ReferenceData jurisdiction = jurisdiction(params.get("jurisdiction_id"));
        Integrator integrator = integrator(jurisdiction, params.get("api_key"));
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() + " parameters are invalid", errors);
        }
        ComplaintForm form = ComplaintForm.read(formBody(params, attributeAnswers(ctx)), places, Set.of("open311"),
                jurisdiction);
        Receipt receipt = intake.get().report(form, new Actor(ActorRole.INTEGRATOR, integrator.id()),
                UUID.randomUUID().toString());
        ctx.status(201);
        return format.list("service_requests", "request", List.of(fields(
                "service_request_id", receipt.ticket(), "token", receipt.ticket(),
                "service_notice", "Recorded as ticket " + receipt.ticket() + "; track it at /track/" + receipt.ticket(),
                "account_id", params.get("account_id"))));
    }

    /** The answers given as {@code attribute[code]} or {@code attribute[code][]}, by code, blank values left out. */
    private static Map<String, List<String>> attributeAnswers(Context ctx) {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, List<String>> add = (name, values) -> {
            java.util.regex.Matcher m = ATTRIBUTE.matcher(name);
            if (m.matches()) {
                values.stream().map(String::strip).filter(v -> !v.isEmpty())
                        .forEach(v -> answers.computeIfAbsent(m.group(1), c -> new ArrayList<>()).add(v));
            }
        };
        ctx.queryParamMap().forEach(add);
        ctx.formParamMap().forEach(add);
        return answers;
    }

    /**
     * Body (form-encoded) and query parameters together: each known, given once, valid UTF-8; what is wrong with
     * them is added to {@code errors}, and the valid ones are returned.
     */
    private static Map<String, String> postParameters(Context ctx, List<FieldError> errors) {
        Http.utf8Body(ctx);
        Map<String, List<String>> all = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        ctx.formParamMap().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        Map<String, String> params = new LinkedHashMap<>();
        all.forEach((name, values) -> {
            String pointer = "/" + name;
            if (name.startsWith("attribute[")) {
                if (!ATTRIBUTE.matcher(name).matches()) {
                    errors.add(new FieldError(pointer, "must be attribute[code] or attribute[code][], with a code of 1-40 letters, digits, _ or -"));
                }
            } else if (!POST_PARAMETERS.contains(name)) {
                errors.add(new FieldError(pointer, "is not a parameter of POST requests"));
            } else if (values.size() != 1) {
                errors.add(new FieldError(pointer, "must be given once"));
            } else if (values.get(0).indexOf('\uFFFD') >= 0) {
                errors.add(new FieldError(pointer, "is not valid UTF-8"));
            } else if (!values.get(0).isBlank()) {
                params.put(name, values.get(0).strip());
            }
        });
        for (String name : List.of("device_id", "account_id")) {
            if (params.containsKey(name) && params.get(name).length() > 100) {
                errors.add(new FieldError("/" + name, "must be at most 100 characters"));
            }
        }
        if (params.containsKey("media_url") && !MEDIA_URL.matcher(params.get("media_url")).matches()) {
            errors.add(new FieldError("/media_url", "must be an http or https URL of at most 500 characters"));
        }
        if (!params.containsKey("lat") || !params.containsKey("long")) {
            errors.add(new FieldError(params.containsKey("lat") ? "/long" : "/lat",
                    params.containsKey("address_string") || params.containsKey("address_id")
                            ? "lat and long are required: an address alone cannot be placed, as this server does not geocode"
                            : "lat and long are required"));
        }
        return params;
    }

    /** The parameters as the operator form, so that one set of rules checks every complaint. */
    private static ObjectNode formBody(Map<String, String> params, Map<String, List<String>> answers) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        putIfPresent(body, "jurisdiction", params.get("jurisdiction_id"));
        putIfPresent(body, "category", params.get("service_code"));
        body.put("channel", "open311");
        List<FieldError> errors = new ArrayList<>();
        Double lat = number(params.get("lat"), "/lat", errors);
        Double lon = number(params.get("long"), "/long", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() + " parameters are invalid", errors);
        }
        body.put("lat", lat);
        body.put("lon", lon);
        putIfPresent(body, "address", Optional.ofNullable(params.get("address_string"))
                .orElse(String.format(Locale.ROOT, "%.5f, %.5f", lat, lon)));
        putIfPresent(body, "description", params.get("description"));
        putIfPresent(body, "mediaUrl", params.get("media_url"));
        if (!answers.isEmpty()) {
            ObjectNode attributes = body.putObject("attributes");
            answers.forEach((code, values) -> values.forEach(attributes.withArray(code)::add));
        }
        ObjectNode reporter = body.putObject("reporter");
        String name = String.join(" ", Arrays.stream(new String[] {params.get("first_name"), params.get("last_name")})
                .filter(n -> n != null).toList());
        putIfPresent(reporter, "name", name.isEmpty() ? null : name);
        putIfPresent(reporter, "phone", params.get("phone"));
        putIfPresent(reporter, "email", params.get("email"));
        return body;
    }

    private static Double number(String text, String pointer, List<FieldError> errors) {
        try {
            if (text.length() <= 30) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(pointer, "must be decimal degrees"));
        return null;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private String requests(Context ctx, Open311Format format) {
        Requests.onlyQueryParameters(ctx, LIST_PARAMETERS);
        ReferenceData jurisdiction = jurisdiction(ctx.queryParam("jurisdiction_id"));
        List<FieldError> errors = new ArrayList<>();
        Set<String> tickets = list(ctx.queryParam("service_request_id"));
        Set<String> codes = list(ctx.queryParam("service_code"));
        Set<String> statuses = list(ctx.queryParam("status"));
        if (!Set.of("open", "closed").containsAll(statuses)) {
            errors.add(new FieldError("/status", "must be open, closed or both, comma-separated"));
        }
        Instant end = date(ctx.queryParam("end_date"), "/end_date", errors);
        Instant start = date(ctx.queryParam("start_date"), "/start_date", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() + " parameters are invalid", errors);
        }
        Instant to = end != null ? end : clock.instant();
        Instant from = start != null ? start : (end != null ? end : clock.instant()).minus(DEFAULT_WINDOW);
        if (!tickets.isEmpty() && start == null && end == null) {
            from = Instant.EPOCH;
        }
        Instant since = from;
        String id = jurisdiction.jurisdiction().id();
        Predicate<ComplaintView> matches = v -> v.jurisdiction().equals(id)
                && (tickets.isEmpty() || tickets.contains(v.ticket()))
                && (codes.isEmpty() || codes.contains(v.category()))
                && (statuses.isEmpty() || statuses.contains(status(v)))
                && !v.reportedAt().isBefore(since) && !v.reportedAt().isAfter(to);
        List<Map<String, Object>> found = views.get().list(matches, MAX_RESULTS).stream()
                .map(v -> request(v, jurisdiction)).toList();
        return format.list("service_requests", "request", found);
    }

    private String request(Context ctx, Open311Format format, String ticket) {
        Requests.onlyQueryParameters(ctx, Set.of("jurisdiction_id"));
        ComplaintView view = byTicket(ticket);
        return format.list("service_requests", "request", List.of(request(view, reference.get(view.jurisdiction()))));
    }

    private String token(Context ctx, Open311Format format, String token) {
        Requests.onlyQueryParameters(ctx, Set.of("jurisdiction_id"));
        ComplaintView view = byTicket(token);
        return format.list("service_requests", "request", List.of(fields("service_request_id", view.ticket(),
                "token", view.ticket())));
    }

    private ComplaintView byTicket(String ticket) {
        if (!TICKET.matcher(ticket).matches()) {
            throw ProblemException.notFound("no such service request; an id is a ticket number such as MDN-2026-000123");
        }
        return views.get().findByTicket(ticket)
                .filter(v -> reference.find(v.jurisdiction()).isPresent())
                .orElseThrow(() -> ProblemException.notFound("no service request " + ticket));
    }

    private Map<String, Object> request(ComplaintView v, ReferenceData jurisdiction) {
        ZoneId zone = jurisdiction.jurisdiction().timeZone();
        Optional<Category> category = jurisdiction.findCategory(v.category());
        return fields(
                "service_request_id", v.ticket(),
                "status", status(v),
                "status_notes", v.status().wireName(),
                "service_name", category.map(Category::name).orElse(v.category()),
                "service_code", v.category(),
                "description", v.description(),
                "agency_responsible", departmentName(jurisdiction, v.department()),
                "service_notice", null,
                "requested_datetime", local(v.reportedAt(), zone),
                "updated_datetime", local(v.updatedAt(), zone),
                "expected_datetime", category.map(c -> local(v.reportedAt().plus(c.targetsFor(v.priority()).resolve()), zone))
                        .orElse(null),
                "address", v.address(),
                "address_id", null,
                "zipcode", null,
                "lat", v.location().lat(),
                "long", v.location().lon(),
                "media_url", v.mediaUrl());
    }

    private static String status(ComplaintView view) {
        return view.status().isOpen() ? "open" : "closed";
    }

    private ReferenceData jurisdiction(String id) {
        if (id == null || id.isBlank()) {
            return reference.primary();
        }
        return reference.find(id).orElseThrow(() -> ProblemException.notFound("jurisdiction_id " + id + " is not served here"));
    }

    private static Integrator integrator(ReferenceData jurisdiction, String apiKey) {
        if (apiKey == null) {
            throw ProblemException.forbidden("api_key is required to post a service request");
        }
        String sha256 = Requests.sha256Hex(apiKey.getBytes(StandardCharsets.UTF_8));
        return jurisdiction.integrators().stream()
                .filter(i -> MessageDigest.isEqual(i.apiKeySha256().getBytes(StandardCharsets.US_ASCII),
                        sha256.getBytes(StandardCharsets.US_ASCII)))
                .findFirst()
                .orElseThrow(() -> ProblemException.forbidden("api_key is not valid for " + jurisdiction.jurisdiction().name()));
    }

    private static String departmentName(ReferenceData jurisdiction, String code) {
        return jurisdiction.departments().stream().filter(d -> d.code().equals(code)).map(ReferenceData.Department::name)
                .findFirst().orElse(code);
    }

    private static Set<String> list(String text) {
        Set<String> values = new HashSet<>();
        if (text != null) {
            Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
    }

    private static Instant date(String text, String pointer, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(pointer, "must be a W3C date-time with a zone, such as 2026-03-14T13:05:00Z"));
            return null;
        }
    }

    private static String local(Instant at, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).toOffsetDateTime());
    }

    /** An ordered map from alternating names and values; values may be null. */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
