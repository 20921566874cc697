package siaga.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.RouteTable;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * The API description against the running demo: every service started as {@code ./siaga demo} serves them (one
 * embedded broker, one PostgreSQL schema), and {@code /openapi.json} must describe exactly the routes Javalin has
 * registered, be a valid OpenAPI 3.1 document, and tell the truth about what each operation answers to a plain
 * request (status, media type and body schema).
 *
 * <p>The OpenAPI 3.1 document schema in {@code src/test/resources/openapi/} is the OpenAPI Initiative's
 * {@code https://spec.openapis.org/oas/3.1/schema/2022-10-07} (Apache 2.0), kept here so the test runs offline.
 */
class OpenApiIT {
    static final String OAS_SCHEMA_ID = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";
    static final String OAS_SCHEMA_RESOURCE = "openapi/oas-3.1-schema-2022-10-07.json";
    static final String DESCRIPTION_URI = "https://siaga.example/openapi.json";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Javalin's path parameters, {@code {id}} and {@code <id>} (the latter may span slashes). */
    static final Pattern JAVALIN_PARAMETER = Pattern.compile("[{<]([^}>]+)[}>]");
    static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}]+)}");

    static TestKafka kafka;
    static TestDatabase db;
    static ServiceHost host;
    static URI base;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static JsonNode description;
    static JsonSchemaFactory schemas;
    static DemoUsers users;
    /** A Madiun demo user per role that signs in, to ask each operation as someone it admits and as someone it does not. */
    static final Map<String, String> USER_BY_ROLE = Map.of("operator", DemoUsers.OPERATOR, "manager", DemoUsers.MANAGER,
            "inspector", DemoUsers.INSPECTOR, "crew", DemoUsers.crewLead("dlh-1"));

    @BeforeAll
    static void startEverything() throws Exception {
        kafka = TestKafka.start();
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(kafka.config());
        host = LauncherMain.demoHost(config, ReferenceCatalog.demo(), ServiceCatalog.create(ServiceCatalog.names(), config, ReferenceCatalog.demo(),
                Clock.systemUTC()));
        base = URI.create("http://127.0.0.1:" + host.start(0));
        users = new DemoUsers(base);
        LauncherMain.awaitReady(host, Duration.ofMinutes(2));
        HttpResponse<String> served = http.send(HttpRequest.newBuilder(base.resolve(ApiDescription.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        description = Json.MAPPER.readTree(served.body());
        String oasSchema;
        try (InputStream in = OpenApiIT.class.getClassLoader().getResourceAsStream(OAS_SCHEMA_RESOURCE)) {
            oasSchema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // OpenAPI's own keywords (paths, example, ...) are annotations here, not the validator's warnings
        JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build();
        schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(dialect)
                .schemaLoaders(loaders -> loaders.schemas(Map.of(OAS_SCHEMA_ID, oasSchema, DESCRIPTION_URI, served.body()))));
    }

    @AfterAll
    static void stopEverything() {
        if (host != null) {
            host.close();
        }
        if (db != null) {
            db.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void describesExactlyTheRoutesThatAreRegistered() {
        Set<String> registered = new TreeSet<>();
        for (ParsedEndpoint parsed : host.app().unsafeConfig().pvt.internalRouter.allHttpHandlers()) {
            Endpoint endpoint = parsed.getEndpoint();
            if (endpoint.getMethod().isHttpMethod()) {
                registered.add(endpoint.getMethod().name() + " " + openApiPath(endpoint.getPath()));
            }
        }
        Set<String> described = new TreeSet<>();
        description.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(name -> {
            if (METHODS.contains(name)) {
                described.add(name.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        assertThat(difference(registered, described)).as("registered but not described").isEmpty();
        assertThat(difference(described, registered)).as("described but not registered").isEmpty();
        assertThat(registered).contains("POST /api/complaints", "GET /api/complaints", "GET /api/sla/stream",
                "GET /openapi.json", "GET /", "GET /ready", "GET /health");
    }

    /** Each operation's {@code x-roles} is exactly who its route admits, as registered in the route table. */
    @Test
    void describesTheRolesEveryRouteAdmits() throws Exception {
        Map<String, List<String>> registered = new TreeMap<>();
        for (RouteTable.Route route : host.routes().list()) {
            registered.put(route.method().name() + " " + openApiPath(route.path()), route.roles().wireNames());
        }
        Map<String, List<String>> described = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        operations((template, pathItem, method, op) -> {
            String operation = method.toUpperCase(Locale.ROOT) + " " + template;
            List<String> roles = new ArrayList<>();
            op.path("x-roles").forEach(role -> roles.add(role.asText()));
            described.put(operation, roles);
            boolean signedIn = !roles.equals(List.of("public")) && !roles.equals(List.of("integrator"));
            JsonNode security = op.path("security");
            if (signedIn && (!security.isArray() || security.isEmpty() || !security.toString().contains("bearerAuth"))) {
                problems.add(operation + " admits " + roles + " but names no bearer or cookie security");
            }
            if (roles.equals(List.of("public")) && !(security.isArray() && security.isEmpty())) {
                problems.add(operation + " is public but its security is not []");
            }
        });
        assertThat(described).isEqualTo(registered);
        assertThat(problems).isEmpty();
    }

    /**
     * Table-driven over the description: every operation that admits only some roles answers 401 without a session
     * (403 with the Open311 error list for an integrator's operation without its api_key), and 403 to a signed-in
     * user of a role it does not admit, before it reads anything else of the request.
     */
    @Test
    void everyGuardedOperationRefusesNoSessionAndAWrongRole() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> probed = new ArrayList<>();
        operations((template, pathItem, method, op) -> {
            List<String> roles = new ArrayList<>();
            op.path("x-roles").forEach(role -> roles.add(role.asText()));
            if (roles.equals(List.of("public"))) {
                return;
            }
            String operation = method.toUpperCase(Locale.ROOT) + " " + template;
            probed.add(operation);
            int anonymous = status(template, pathItem, method, op, null);
            int expected = roles.equals(List.of("integrator")) ? 403 : 401;
            if (anonymous != expected) {
                problems.add(operation + " without credentials -> " + anonymous + ", not " + expected);
            }
            String wrongRole = USER_BY_ROLE.keySet().stream().sorted().filter(r -> !roles.contains(r)).findFirst().orElse(null);
            if (wrongRole != null) {
                int refused = status(template, pathItem, method, op, USER_BY_ROLE.get(wrongRole));
                if (refused != 403) {
                    problems.add(operation + " as a " + wrongRole + " -> " + refused + ", not 403");
                }
            }
        });
        assertThat(probed).contains("POST /api/complaints", "GET /api/complaints", "POST /api/jobs/{complaintId}/ack",
                "GET /api/sla/stream", "GET /api/reports/{dimension}", "GET /api/dispatch/{complaintId}/explain",
                "POST /open311/v2/{resource}");
        assertThat(problems).isEmpty();
    }

    @Test
    void servesTheDescriptionInTheRepositoryAsJson() throws IOException {
        JsonNode onDisk = Json.YAML.readTree(Files.readString(Path.of("../../infra/openapi/openapi.yaml")));
        assertThat(description).isEqualTo(onDisk);
    }

    @Test
    void isAValidOpenApi31Document() {
        assertThat(description.get("openapi").asText()).matches("3\\.1\\.\\d+");
        Set<ValidationMessage> messages = schemas.getSchema(SchemaLocation.of(OAS_SCHEMA_ID)).validate(description);
        assertThat(messages).as("against the OpenAPI 3.1 document schema").isEmpty();

        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        description.get("paths").fields().forEachRemaining(path -> {
            Set<String> templated = new TreeSet<>();
            Matcher m = TEMPLATE_PARAMETER.matcher(path.getKey());
            while (m.find()) {
                templated.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(item -> {
                if (!METHODS.contains(item.getKey())) {
                    return;
                }
                String operation = item.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                JsonNode op = item.getValue();
                if (!op.path("responses").isObject() || op.path("responses").isEmpty()) {
                    problems.add(operation + " has no responses");
                }
                if (!operationIds.add(op.path("operationId").asText(operation))) {
                    problems.add(operation + " repeats operationId " + op.path("operationId").asText());
                }
                Set<String> declared = new TreeSet<>();
                for (JsonNode parameter : parameters(path.getValue(), op)) {
                    if (parameter.path("in").asText().equals("path")) {
                        declared.add(parameter.path("name").asText());
                        if (!parameter.path("required").asBoolean()) {
                            problems.add(operation + ": path parameter " + parameter.path("name").asText() + " is not required");
                        }
                    }
                }
                if (!declared.equals(templated)) {
                    problems.add(operation + " declares path parameters " + declared + " for " + templated);
                }
            });
        });
        refs(description, problems);
        assertThat(problems).isEmpty();
    }

    /**
     * Each operation asked plainly (no body; signed in as a demo user of the first role it admits, if any; path and
     * required query parameters from the description's enum, example or default; {@code Accept: text/event-stream}
     * where that is what it answers) must answer with a status the description lists for it, in a media type it
     * lists for that status, with a JSON body that its schema accepts.
     */
    @Test
    void everyOperationAnswersAsDescribed() throws Exception {
        List<String> problems = new ArrayList<>();
        operations((template, pathItem, method, op) -> probe(template, pathItem, method, op, problems));
        assertThat(problems).isEmpty();
    }

    private interface Operation {
        void accept(String template, JsonNode pathItem, String method, JsonNode op) throws IOException, InterruptedException;
    }

    private static void operations(Operation each) throws IOException, InterruptedException {
        Iterator<Map.Entry<String, JsonNode>> paths = description.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> items = path.getValue().fields();
            while (items.hasNext()) {
                Map.Entry<String, JsonNode> item = items.next();
                if (METHODS.contains(item.getKey())) {
                    each.accept(path.getKey(), path.getValue(), item.getKey(), item.getValue());
                }
            }
        }
    }

    private static void probe(String template, JsonNode pathItem, String method, JsonNode op, List<String> problems)
            throws IOException, InterruptedException {
        String operation = method.toUpperCase(Locale.ROOT) + " " + template;
        String admitted = null;
        for (JsonNode role : op.path("x-roles")) {
            admitted = admitted != null ? admitted : USER_BY_ROLE.get(role.asText());
        }
        HttpResponse<InputStream> response = request(template, pathItem, method, op, admitted);
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip())
                .orElse(null);
        String status = String.valueOf(response.statusCode());
        byte[] body;
        try (InputStream in = response.body()) {
            // an event stream never ends: its headers are the answer
            body = "text/event-stream".equals(mediaType) ? new byte[0] : in.readAllBytes();
        }
        String described = operation + " -> " + status + " " + mediaType;
        String responsePointer = "/paths/" + escape(template) + "/" + method + "/responses/" + status;
        JsonNode documented = op.path("responses").path(status);
        if (documented.isMissingNode()) {
            problems.add(described + ": status not described (" + new String(body, StandardCharsets.UTF_8) + ")");
            return;
        }
        if (documented.has("$ref")) {
            responsePointer = documented.get("$ref").asText().substring(1);
            documented = description.at(responsePointer);
        }
        JsonNode content = documented.path("content");
        if (mediaType == null || content.isMissingNode()) {
            if (mediaType != null && body.length > 0) {
                problems.add(described + ": no content described");
            }
            return;
        }
        if (!content.has(mediaType)) {
            problems.add(described + ": media type not described, only " + fieldNames(content));
            return;
        }
        if (mediaType.endsWith("json")) {
            String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
            Set<ValidationMessage> messages = schemas.getSchema(SchemaLocation.of(DESCRIPTION_URI + "#" + schemaPointer))
                    .validate(Json.MAPPER.readTree(body));
            if (!messages.isEmpty()) {
                problems.add(described + ": body does not match " + schemaPointer + ": " + messages);
            }
        }
    }

    /** The operation asked plainly, as {@code user} (a demo user id) or without a session when null; body unread. */
    private static HttpResponse<InputStream> request(String template, JsonNode pathItem, String method, JsonNode op,
                                                     String user) throws IOException, InterruptedException {
        String path = template;
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : parameters(pathItem, op)) {
            String name = parameter.path("name").asText();
            if (parameter.path("in").asText().equals("path")) {
                path = path.replace("{" + name + "}", URLEncoder.encode(sample(parameter), StandardCharsets.UTF_8));
            } else if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean()) {
                query.add(name + "=" + URLEncoder.encode(sample(parameter), StandardCharsets.UTF_8));
            }
        }
        URI uri = base.resolve(path + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method.toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody());
        if (op.path("responses").path("200").path("content").has("text/event-stream")) {
            request.header("Accept", "text/event-stream");
        }
        if (user != null) {
            users.as(user, request);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The status of {@link #request}; the body (an event stream's too) is closed unread. */
    private static int status(String template, JsonNode pathItem, String method, JsonNode op, String user)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = request(template, pathItem, method, op, user);
        response.body().close();
        return response.statusCode();
    }

    /** The path item's parameters overridden by the operation's, with {@code $ref}s resolved. */
    private static List<JsonNode> parameters(JsonNode pathItem, JsonNode op) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode source : List.of(pathItem.path("parameters"), op.path("parameters"))) {
            for (JsonNode parameter : source) {
                JsonNode resolved = parameter.has("$ref") ? description.at(parameter.get("$ref").asText().substring(1)) : parameter;
                all.removeIf(p -> p.path("name").equals(resolved.path("name")) && p.path("in").equals(resolved.path("in")));
                all.add(resolved);
            }
        }
        return all;
    }

    private static String sample(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        if (schema.path("enum").isArray()) {
            return schema.get("enum").get(0).asText();
        }
        if (parameter.has("example")) {
            return parameter.get("example").asText();
        }
        if (schema.has("default")) {
            return schema.get("default").asText();
        }
        return "x";
    }

    /** Every {@code $ref} points into this document, at something that exists. */
    private static void refs(JsonNode node, List<String> problems) {
        if (node.isObject() && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/") || description.at(ref.substring(1)).isMissingNode()) {
                problems.add("unresolved $ref " + ref);
            }
        }
        node.elements().forEachRemaining(child -> refs(child, problems));
    }

    /** Javalin's {@code /api/jobs/{complaintId}} or {@code /files/<path>} as an OpenAPI path template. */
    static String openApiPath(String javalinPath) {
        return JAVALIN_PARAMETER.matcher(javalinPath).replaceAll("{$1}");
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> left = new TreeSet<>(a);
        left.removeAll(b);
        return left;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** RFC 6901. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
