package siaga.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static siaga.intake.RunningIntake.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.contracts.Event;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.Reporter;

/** The public face of intake: the citizen's tracking page and Open311 GeoReport v2, checked against the spec's fields. */
class PublicIT {
    static final String KEY = "siaga-demo-open311-key";
    static final List<String> SERVICE_FIELDS = List.of("service_code", "service_name", "description", "metadata", "type",
            "keywords", "group");
    static final List<String> REQUEST_FIELDS = List.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");
    static final List<String> POSTED_FIELDS = List.of("service_request_id", "token", "service_notice", "account_id");
    static final List<String> ATTRIBUTE_FIELDS = List.of("variable", "code", "datatype", "required", "datatype_description",
            "order", "description", "values");
    static final String[] PERSONAL = {"Sri Wahyuni", "+62 812-3456-7890", "812-3456", "sri@example.id"};
    static RunningIntake intake;
    static String ticket;
    static Instant reportedAt;

    @BeforeAll
    static void startIntakeWithAComplaint() {
        intake = new RunningIntake();
        HttpResponse<String> created = intake.postJson("/api/complaints", """
                {"category": "street-light-out", "lat": -7.6298, "lon": 111.5239, "address": "Jl. Pahlawan 12, Kartoharjo",
                 "description": "Lampu mati <script>alert('x')</script>",
                 "reporter": {"name": "Sri Wahyuni", "phone": "+62 812-3456-7890", "email": "sri@example.id"}}""");
        assertThat(created.statusCode()).isEqualTo(201);
        ticket = json(created).get("ticket").asText();
        reportedAt = Instant.parse(json(created).get("reportedAt").asText());
        intake.awaitOk("/track/" + ticket + ".json");
    }

    @AfterAll
    static void stopIntake() {
        if (intake != null) {
            intake.close();
        }
    }

    @Test
    void tracksAComplaintAsJsonInTheJurisdictionsTimeZoneWithoutPersonalData() throws Exception {
        HttpResponse<String> bySuffix = intake.get("/track/" + ticket + ".json");
        HttpResponse<String> byAccept = intake.send(intake.request("/track/" + ticket).header("Accept", "application/json").GET());

        assertThat(bySuffix.statusCode()).isEqualTo(200);
        assertThat(bySuffix.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(byAccept.body()).isEqualTo(bySuffix.body());
        JsonNode expected = Json.MAPPER.readTree(("""
                {"ticket": "%s", "category": "street-light-out", "categoryName": "Lampu penerangan jalan umum mati (street light out)",
                 "status": "reported", "departmentCode": "DISHUB", "department": "Dinas Perhubungan", "district": "Kartoharjo",
                 "timeZone": "Asia/Jakarta", "reportedAt": "%s", "expectedBy": "%s",
                 "timeline": [{"status": "reported", "at": "%s"}]}""".formatted(ticket, iso(reportedAt),
                iso(reportedAt.plus(Duration.ofHours(24))), iso(reportedAt))));
        assertThat(json(bySuffix)).isEqualTo(expected);
        assertThat(json(bySuffix).get("reportedAt").asText()).endsWith("+07:00");
        assertThat(bySuffix.body()).doesNotContain(PERSONAL).doesNotContain("Pahlawan").doesNotContain("script");
    }

    @Test
    void tracksAComplaintAsAPlainHtmlPageWithoutPersonalData() {
        HttpResponse<String> page = intake.send(intake.request("/track/" + ticket)
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<h1>Tiket " + ticket + "</h1>", "<dd id=\"status\">reported</dd>",
                "Dinas Perhubungan", "Kartoharjo", iso(reportedAt), iso(reportedAt.plus(Duration.ofHours(24))));
        assertThat(page.body()).doesNotContain(PERSONAL).doesNotContain("Pahlawan").doesNotContain("<script");
    }

    @Test
    void answersAnUnknownTicketWith404AndAMalformedOneWith400InTheFormatAskedFor() {
        HttpResponse<String> unknownJson = intake.get("/track/MDN-1999-000001.json");
        HttpResponse<String> unknownHtml = intake.get("/track/MDN-1999-000001");
        HttpResponse<String> hostileHtml = intake.get("/track/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        HttpResponse<String> sqlJson = intake.get("/track/MDN'%20OR%201=1--.json");

        assertThat(unknownJson.statusCode()).isEqualTo(404);
        assertThat(unknownJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknownHtml.statusCode()).isEqualTo(404);
        assertThat(unknownHtml.body()).contains("no complaint has ticket MDN-1999-000001");
        assertThat(hostileHtml.statusCode()).isEqualTo(400);
        assertThat(hostileHtml.body()).doesNotContain("<script");
        assertThat(sqlJson.statusCode()).isEqualTo(400);
        assertThat(json(sqlJson).at("/errors/0/pointer").asText()).isEqualTo("/ticket");
    }

    @Test
    void listsEveryCategoryAsAServiceWithTheSpecsFieldsInBothFormats() throws Exception {
        HttpResponse<String> asJson = intake.get("/open311/v2/services.json");
        HttpResponse<String> asXml = intake.get("/open311/v2/services.xml");

        assertThat(asJson.statusCode()).isEqualTo(200);
        assertThat(asJson.headers().firstValue("Content-Type").map(PublicIT::compact)).hasValue("application/json;charset=utf-8");
        assertThat(asXml.headers().firstValue("Content-Type").map(PublicIT::compact)).hasValue("text/xml;charset=utf-8");
        List<JsonNode> services = new ArrayList<>();
        json(asJson).forEach(services::add);
        assertThat(services).extracting(s -> s.get("service_code").asText())
                .containsExactly("street-light-out", "fallen-tree", "flood", "fire", "pothole");
        services.forEach(s -> assertThat(names(s)).containsExactlyElementsOf(SERVICE_FIELDS));
        assertThat(services).allSatisfy(service -> assertThat(service.get("metadata").asBoolean())
                .as("every demo category asks questions").isTrue());
        assertThat(services.get(1).get("type").asText()).isEqualTo("realtime");
        assertThat(services.get(1).get("group").asText()).isEqualTo("Dinas Lingkungan Hidup");

        Element root = xml(asXml);
        assertThat(root.getTagName()).isEqualTo("services");
        List<Element> items = children(root);
        assertThat(items).hasSize(5).allSatisfy(e -> {
            assertThat(e.getTagName()).isEqualTo("service");
            assertThat(children(e)).extracting(Element::getTagName).containsExactlyElementsOf(SERVICE_FIELDS);
        });
        assertThat(text(items.get(1), "metadata")).isEqualTo("true");
    }

    @Test
    void definesEachServiceWithItsAttributesFromTheReferenceDataInBothFormats() throws Exception {
        JsonNode definition = json(intake.get("/open311/v2/services/street-light-out.json"));
        Element xmlDefinition = xml(intake.get("/open311/v2/services/street-light-out.xml"));

        assertThat(names(definition)).containsExactly("service_code", "attributes");
        assertThat(definition.get("service_code").asText()).isEqualTo("street-light-out");
        assertThat(definition.get("attributes").size()).isEqualTo(2);
        definition.get("attributes").forEach(a -> assertThat(names(a)).containsExactlyElementsOf(ATTRIBUTE_FIELDS));
        JsonNode lampState = definition.get("attributes").get(1);
        assertThat(lampState.get("code").asText()).isEqualTo("lamp_state");
        assertThat(lampState.get("datatype").asText()).isEqualTo("singlevaluelist");
        assertThat(lampState.get("variable").asBoolean()).isTrue();
        assertThat(lampState.get("required").asBoolean()).isFalse();
        assertThat(lampState.get("order").asInt()).isEqualTo(2);
        assertThat(lampState.get("values").get(0)).isEqualTo(Json.MAPPER.readTree(
                "{\"key\": \"dark\", \"name\": \"Mati total (dark)\"}"));
        assertThat(definition.get("attributes").get(0).get("values").size()).as("a string takes no values").isZero();

        assertThat(xmlDefinition.getTagName()).isEqualTo("service_definition");
        assertThat(children(xmlDefinition)).extracting(Element::getTagName).containsExactly("service_code", "attributes");
        List<Element> attributes = children(children(xmlDefinition).get(1));
        assertThat(attributes).hasSize(2).allSatisfy(a -> {
            assertThat(a.getTagName()).isEqualTo("attribute");
            assertThat(children(a)).extracting(Element::getTagName).containsExactlyElementsOf(ATTRIBUTE_FIELDS);
        });
        List<Element> values = children(children(attributes.get(1)).get(ATTRIBUTE_FIELDS.indexOf("values")));
        assertThat(values).hasSize(3).allSatisfy(v -> {
            assertThat(v.getTagName()).isEqualTo("value");
            assertThat(children(v)).extracting(Element::getTagName).containsExactly("key", "name");
        });
        assertThat(text(values.get(2), "key")).isEqualTo("on-by-day");

        HttpResponse<String> unknown = intake.get("/open311/v2/services/volcano.xml");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(xml(unknown).getTagName()).isEqualTo("errors");
    }

    @Test
    void postsARequestWithAnApiKeyAsAComplaintOnTheOpen311ChannelInBothFormats() throws Exception {
        HttpResponse<String> posted = postForm("/open311/v2/requests.json", form("api_key", KEY,
                "service_code", "fallen-tree", "lat", "-7.6601", "long", "111.5001", "description", "Pohon tumbang",
                "first_name", "Budi", "last_name", "Santoso", "phone", "0812 3456 7890", "email", "budi@example.id",
                "account_id", "acc-7", "media_url", "https://example.id/foto.jpg", "attribute[blocking]", "road"));

        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.headers().firstValue("Content-Type").map(PublicIT::compact)).hasValue("application/json;charset=utf-8");
        JsonNode answer = json(posted).get(0);
        assertThat(names(answer)).containsExactlyElementsOf(POSTED_FIELDS);
        String id = answer.get("service_request_id").asText();
        assertThat(answer.get("token").asText()).isEqualTo(id);
        assertThat(answer.get("account_id").asText()).isEqualTo("acc-7");
        Event<ComplaintEvent> event = intake.complaintRecords().stream()
                .map(r -> decode(r.value())).filter(e -> e.data() instanceof ComplaintReported r && r.ticket().equals(id))
                .findFirst().orElseThrow();
        assertThat(event.actor()).isEqualTo(new Actor(ActorRole.INTEGRATOR, "demo-open311"));
        assertThat(event.data()).isEqualTo(new ComplaintReported(id, "fallen-tree", "DLH", 2, new GeoPoint(-7.6601, 111.5001),
                "-7.66010, 111.50010", "Pohon tumbang",
                new Reporter("Budi Santoso", "0812 3456 7890", "budi@example.id"), "taman", "Kejuron", "open311",
                "https://example.id/foto.jpg", Map.of("blocking", List.of("road"))));
        JsonNode read = json(intake.awaitOk("/open311/v2/requests/" + id + ".json")).get(0);
        assertThat(read.get("media_url").asText()).isEqualTo("https://example.id/foto.jpg");

        HttpResponse<String> asXml = postForm("/open311/v2/requests.xml", form("api_key", KEY, "service_code", "pothole",
                "lat", "-7.6200", "long", "111.5100", "address_string", "Jl. Cokroaminoto", "description", "Jalan berlubang",
                "first_name", "Budi", "phone", "0812"));
        assertThat(asXml.statusCode()).isEqualTo(201);
        Element root = xml(asXml);
        assertThat(root.getTagName()).isEqualTo("service_requests");
        assertThat(children(root)).singleElement().satisfies(r -> {
            assertThat(r.getTagName()).isEqualTo("request");
            assertThat(children(r)).extracting(Element::getTagName).containsExactlyElementsOf(POSTED_FIELDS);
        });
    }

    @Test
    void readsRequestsTheirListAndTokensWithTheSpecsFieldsInBothFormats() throws Exception {
        JsonNode list = json(intake.get("/open311/v2/requests.json?service_request_id=" + ticket));
        assertThat(list.size()).isEqualTo(1);
        JsonNode request = list.get(0);
        assertThat(names(request)).containsExactlyElementsOf(REQUEST_FIELDS);
        assertThat(request.get("service_request_id").asText()).isEqualTo(ticket);
        assertThat(request.get("status").asText()).isEqualTo("open");
        assertThat(request.get("status_notes").asText()).isEqualTo("reported");
        assertThat(request.get("agency_responsible").asText()).isEqualTo("Dinas Perhubungan");
        assertThat(request.get("requested_datetime").asText()).isEqualTo(iso(reportedAt));
        assertThat(request.get("updated_datetime").asText()).isEqualTo(iso(reportedAt));
        assertThat(request.get("expected_datetime").asText()).isEqualTo(iso(reportedAt.plus(Duration.ofHours(24))));
        assertThat(request.get("lat").asDouble()).isEqualTo(-7.6298);
        assertThat(request.get("long").asDouble()).isEqualTo(111.5239);
        assertThat(list.toString()).doesNotContain(PERSONAL);

        assertThat(json(intake.get("/open311/v2/requests/" + ticket + ".json"))).isEqualTo(list);
        Element single = xml(intake.get("/open311/v2/requests/" + ticket + ".xml"));
        assertThat(single.getTagName()).isEqualTo("service_requests");
        assertThat(children(children(single).get(0))).extracting(Element::getTagName).containsExactlyElementsOf(REQUEST_FIELDS);
        assertThat(text(children(single).get(0), "service_request_id")).isEqualTo(ticket);

        Element xmlList = xml(intake.get("/open311/v2/requests.xml?status=open&service_code=street-light-out"));
        assertThat(children(xmlList)).anySatisfy(r -> assertThat(text(r, "service_request_id")).isEqualTo(ticket));
        assertThat(json(intake.get("/open311/v2/requests.json?status=closed&service_request_id=" + ticket)).size()).isZero();
        assertThat(json(intake.get("/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z")).size()).isZero();
        assertThat(json(intake.get("/open311/v2/requests.json?service_code=flood")).size()).isZero();

        JsonNode token = json(intake.get("/open311/v2/tokens/" + ticket + ".json"));
        assertThat(token.get(0)).isEqualTo(Json.MAPPER.readTree((
                "{\"service_request_id\": \"" + ticket + "\", \"token\": \"" + ticket + "\"}")));
        Element xmlToken = xml(intake.get("/open311/v2/tokens/" + ticket + ".xml"));
        assertThat(children(children(xmlToken).get(0))).extracting(Element::getTagName).containsExactly("service_request_id", "token");
    }

    static Stream<Arguments> refusedPosts() {
        Map<String, String> good = Map.of("service_code", "flood", "lat", "-7.62", "long", "111.52",
                "description", "Banjir", "first_name", "Dewi", "phone", "0812");
        return Stream.of(
                Arguments.of("no api_key", with(good, Map.of()), 403, "api_key is required"),
                Arguments.of("a wrong api_key", with(good, Map.of("api_key", "guess")), 403, "api_key is not valid"),
                Arguments.of("an address alone", without(with(good, Map.of("api_key", KEY, "address_string", "Jl. Serayu")), "lat", "long"),
                        400, "an address alone cannot be placed"),
                Arguments.of("a script tag as service_code", with(good, Map.of("api_key", KEY, "service_code", "<script>x</script>")),
                        400, "service_code: is not a category"),
                Arguments.of("an SQL fragment as lat", with(good, Map.of("api_key", KEY, "lat", "-7.6' OR '1'='1")), 400,
                        "lat: must be decimal degrees"),
                Arguments.of("a huge long", with(good, Map.of("api_key", KEY, "long", "1e400")), 400, "long:"),
                Arguments.of("a point outside Madiun", with(good, Map.of("api_key", KEY, "lat", "-7.25", "long", "112.75")), 400,
                        "lat: is outside Kota Madiun"),
                Arguments.of("an unknown parameter", with(good, Map.of("api_key", KEY, "priority", "1")), 400,
                        "priority: is not a parameter"),
                Arguments.of("an attribute the service does not ask", with(good, Map.of("api_key", KEY, "attribute[depth]", "1")),
                        400, "attribute[depth]: is not an attribute of flood"),
                Arguments.of("a number attribute that is not a number", with(good, Map.of("api_key", KEY,
                        "attribute[water_depth_cm]", "knee-deep")), 400, "attribute[water_depth_cm]: must be a decimal number"),
                Arguments.of("a list attribute naming no value of its list", with(good, Map.of("api_key", KEY,
                        "attribute[people_trapped]", "maybe")), 400, "attribute[people_trapped]: must be one of [yes, no, unknown]"),
                Arguments.of("a malformed attribute name", with(good, Map.of("api_key", KEY, "attribute[<b>]", "1")), 400,
                        "must be attribute[code]"),
                Arguments.of("no phone", without(with(good, Map.of("api_key", KEY)), "phone"), 400, "phone: is required"),
                Arguments.of("a bad media_url", with(good, Map.of("api_key", KEY, "media_url", "javascript:alert(1)")), 400,
                        "media_url:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedPosts")
    void refusesABadPostWithTheSpecsErrorListAndWritesNothing(String what, Map<String, String> params, int status,
                                                              String description) throws Exception {
        long before = intake.recordsOnComplaints();

        HttpResponse<String> asJson = postForm("/open311/v2/requests.json", params);
        HttpResponse<String> asXml = postForm("/open311/v2/requests.xml", params);

        assertThat(asJson.statusCode()).isEqualTo(status);
        assertThat(asJson.headers().firstValue("Content-Type").map(PublicIT::compact)).hasValue("application/json;charset=utf-8");
        JsonNode errors = json(asJson);
        assertThat(errors.isArray()).isTrue();
        errors.forEach(e -> {
            assertThat(names(e)).containsExactly("code", "description");
            assertThat(e.get("code").asInt()).isEqualTo(status);
        });
        assertThat(errors.toString()).contains(description).doesNotContain("<script>");
        assertThat(asXml.statusCode()).isEqualTo(status);
        Element root = xml(asXml);
        assertThat(root.getTagName()).isEqualTo("errors");
        assertThat(children(root)).allSatisfy(e -> {
            assertThat(e.getTagName()).isEqualTo("error");
            assertThat(children(e)).extracting(Element::getTagName).containsExactly("code", "description");
        });
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    static Stream<Arguments> refusedReads() {
        return Stream.of(
                Arguments.of("GET", "/open311/v2/requests.json?status=pending", 400),
                Arguments.of("GET", "/open311/v2/requests.json?start_date=yesterday", 400),
                Arguments.of("GET", "/open311/v2/requests.json?radius=1", 400),
                Arguments.of("GET", "/open311/v2/requests/MDN-1999-000001.json", 404),
                Arguments.of("GET", "/open311/v2/requests/%3Cscript%3E.json", 404),
                Arguments.of("GET", "/open311/v2/tokens/nope.xml", 404),
                Arguments.of("GET", "/open311/v2/things.json", 404),
                Arguments.of("GET", "/open311/v2/services.json?jurisdiction_id=atlantis", 404),
                Arguments.of("POST", "/open311/v2/services.json", 404));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedReads")
    void refusesBadReadsWithTheSpecsErrorList(String method, String path, int status) throws Exception {
        HttpResponse<String> response = intake.send(intake.request(path).method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(status);
        String code = path.contains(".xml") ? text(children(xml(response)).get(0), "code")
                : json(response).get(0).get("code").asText();
        assertThat(code).isEqualTo(String.valueOf(status));
        assertThat(response.body()).doesNotContain("<script>");
    }

    @Test
    void refusesAPostThatIsNotUtf8OrOver64KiBAndWritesNothing() throws Exception {
        long before = intake.recordsOnComplaints();
        String form = "api_key=" + KEY + "&service_code=flood&lat=-7.62&long=111.52&first_name=Dewi&phone=0812&description=";

        HttpResponse<String> escapedBadByte = send("/open311/v2/requests.json", (form + "Banjir%FF").getBytes(StandardCharsets.US_ASCII));
        byte[] raw = (form + "Banjir\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> rawBadByte = send("/open311/v2/requests.json", raw);
        HttpResponse<String> big = send("/open311/v2/requests.xml",
                (form + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII));

        assertThat(escapedBadByte.statusCode()).isEqualTo(400);
        assertThat(json(escapedBadByte).get(0).get("description").asText()).isEqualTo("description: is not valid UTF-8");
        assertThat(rawBadByte.statusCode()).isEqualTo(400);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(xml(big).getTagName()).isEqualTo("errors");
        assertThat(intake.recordsOnComplaints()).isEqualTo(before);
    }

    private static HttpResponse<String> postForm(String path, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(path, form.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String path, byte[] form) {
        return intake.send(intake.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)));
    }

    /** Jetty writes {@code application/json;charset=utf-8}; the spec's examples put a space after the semicolon. */
    private static String compact(String contentType) {
        return contentType.replace(" ", "");
    }

    private static Map<String, String> form(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return params;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(more);
        return all;
    }

    private static Map<String, String> without(Map<String, String> base, String... names) {
        Map<String, String> all = new LinkedHashMap<>(base);
        for (String name : names) {
            all.remove(name);
        }
        return all;
    }

    private static Event<ComplaintEvent> decode(byte[] value) {
        try {
            return Topics.COMPLAINTS.decode(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(Instant at) {
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(ZoneId.of("Asia/Jakarta")).toOffsetDateTime());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static Element xml(HttpResponse<String> response) throws Exception {
        assertThat(response.body()).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static String text(Element parent, String child) {
        return children(parent).stream().filter(e -> e.getTagName().equals(child)).findFirst().orElseThrow().getTextContent();
    }
}
