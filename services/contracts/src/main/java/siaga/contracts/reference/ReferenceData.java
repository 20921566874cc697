package siaga.contracts.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import siaga.contracts.Checks;
import siaga.contracts.GeoPoint;
import siaga.contracts.Json;
import siaga.contracts.Schemas;

/**
 * One jurisdiction's reference data, as written in its YAML file (configuration as code): the city, its
 * districts, departments, categories with their SLA targets, and crews. Loading validates the file against
 * {@code schemas/reference.v2.json} (which every version 1 file also satisfies) and the cross-references (a category's department exists, a crew's skills
 * are categories' skills), and names the first problem; an invalid file never becomes a ReferenceData.
 */
public record ReferenceData(
        Jurisdiction jurisdiction,
        List<District> districts,
        List<Department> departments,
        List<Category> categories,
        List<Crew> crews,
        List<User> users,
        List<Integrator> integrators) {

    public static final String SCHEMA = "schemas/reference.v2.json";
    public static final String DEMO_RESOURCE = "reference/madiun.yaml";
    /** Every jurisdiction of the demo deployment: Kota Madiun (WIB) first, then Kota Banjarbaru (WITA). */
    public static final List<String> DEMO_DEPLOYMENT = List.of(DEMO_RESOURCE, "reference/banjarbaru.yaml");

    public ReferenceData {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        districts = List.copyOf(districts);
        departments = List.copyOf(departments);
        categories = List.copyOf(categories);
        crews = List.copyOf(crews);
        users = users == null ? List.of() : List.copyOf(users);
        integrators = integrators == null ? List.of() : List.copyOf(integrators);
        Set<String> departmentCodes = new HashSet<>();
        departments.forEach(d -> departmentCodes.add(d.code()));
        Set<String> skills = new HashSet<>();
        for (Category c : categories) {
            if (!departmentCodes.contains(c.department())) {
                throw new IllegalArgumentException("category " + c.code() + " names unknown department " + c.department());
            }
            skills.add(c.skill());
        }
        Set<String> crewIds = new HashSet<>();
        for (Crew crew : crews) {
            if (!crewIds.add(crew.id())) {
                throw new IllegalArgumentException("crew id " + crew.id() + " appears twice");
            }
            if (!departmentCodes.contains(crew.department())) {
                throw new IllegalArgumentException("crew " + crew.id() + " names unknown department " + crew.department());
            }
            for (String skill : crew.skills()) {
                if (!skills.contains(skill)) {
                    throw new IllegalArgumentException("crew " + crew.id() + " has skill " + skill + " that no category needs");
                }
            }
        }
        Set<String> userIds = new HashSet<>();
        for (User user : users) {
            if (!userIds.add(user.id())) {
                throw new IllegalArgumentException("user id " + user.id() + " appears twice");
            }
            if (user.crewId() != null && !crewIds.contains(user.crewId())) {
                throw new IllegalArgumentException("user " + user.id() + " names unknown crew " + user.crewId());
            }
            if (user.role() == siaga.contracts.ActorRole.CREW && user.crewId() == null) {
                throw new IllegalArgumentException("user " + user.id() + " is a crew member without a crewId");
            }
        }
    }

    public ReferenceData(Jurisdiction jurisdiction, List<District> districts, List<Department> departments,
                         List<Category> categories, List<Crew> crews) {
        this(jurisdiction, districts, departments, categories, crews, List.of(), List.of());
    }

    /**
     * A city or regency; {@code calendar} is its working time (office hours and public holidays), in its own zone;
     * {@code administrativeClocks} are the national complaint rules' deadlines on that calendar.
     */
    public record Jurisdiction(String id, String name, String ticketPrefix, ZoneId timeZone, Bounds bounds,
                               WorkingCalendar calendar, AdministrativeClocks administrativeClocks) {
        public Jurisdiction {
            Checks.text(id, "jurisdiction id", 40);
            Checks.text(name, "jurisdiction name", 100);
            Checks.text(ticketPrefix, "ticketPrefix", 5);
            Objects.requireNonNull(timeZone, "timeZone");
            Objects.requireNonNull(bounds, "bounds");
            calendar = calendar == null ? WorkingCalendar.OFFICE_HOURS : calendar;
            administrativeClocks = administrativeClocks == null ? AdministrativeClocks.NATIONAL : administrativeClocks;
        }

        public Jurisdiction(String id, String name, String ticketPrefix, ZoneId timeZone, Bounds bounds,
                            WorkingCalendar calendar) {
            this(id, name, ticketPrefix, timeZone, bounds, calendar, null);
        }

        public Jurisdiction(String id, String name, String ticketPrefix, ZoneId timeZone, Bounds bounds) {
            this(id, name, ticketPrefix, timeZone, bounds, null, null);
        }
    }

    /**
     * Deadlines in working days of the jurisdiction's calendar, from the national public-complaint rules
     * (SP4N-LAPOR!, PermenPANRB 62/2018): forward a report to the agency that owns it, follow it up, and close it
     * when the reporter has not replied to the follow-up.
     */
    public record AdministrativeClocks(Integer forward, Integer followUp, Integer closeWithoutReply) {
        public static final AdministrativeClocks NATIONAL = new AdministrativeClocks(3, 5, 10);

        public AdministrativeClocks {
            forward = forward == null ? 3 : forward;
            followUp = followUp == null ? 5 : followUp;
            closeWithoutReply = closeWithoutReply == null ? 10 : closeWithoutReply;
            Checks.range(forward, "forward", 1, 60);
            Checks.range(followUp, "followUp", 1, 60);
            Checks.range(closeWithoutReply, "closeWithoutReply", 1, 60);
        }
    }

    /** The box a complaint's location must fall in; district polygons come with the full intake. */
    public record Bounds(double minLat, double maxLat, double minLon, double maxLon) {
        public boolean contains(GeoPoint p) {
            return p.lat() >= minLat && p.lat() <= maxLat && p.lon() >= minLon && p.lon() <= maxLon;
        }
    }

    /**
     * A kecamatan with its kelurahan; {@code boundary} is its outer ring as GeoJSON positions ([lon, lat] pairs,
     * first equal to last), or empty where the jurisdiction has not drawn it; {@code kelurahanBoundaries} the rings
     * of those kelurahan it has drawn, by name.
     */
    public record District(String id, String name, List<String> kelurahan, List<List<Double>> boundary,
                           java.util.Map<String, List<List<Double>>> kelurahanBoundaries) {
        public District {
            kelurahan = List.copyOf(kelurahan);
            boundary = boundary == null ? List.of() : boundary.stream().map(List::copyOf).toList();
            java.util.Map<String, List<List<Double>>> rings = new java.util.LinkedHashMap<>();
            if (kelurahanBoundaries != null) {
                for (var entry : kelurahanBoundaries.entrySet()) {
                    if (!kelurahan.contains(entry.getKey())) {
                        throw new IllegalArgumentException("district " + id + " outlines " + entry.getKey()
                                + ", which is not one of its kelurahan");
                    }
                    rings.put(entry.getKey(), entry.getValue().stream().map(List::copyOf).toList());
                }
            }
            kelurahanBoundaries = java.util.Collections.unmodifiableMap(rings);
        }

        public District(String id, String name, List<String> kelurahan, List<List<Double>> boundary) {
            this(id, name, kelurahan, boundary, null);
        }

        public District(String id, String name, List<String> kelurahan) {
            this(id, name, kelurahan, List.of());
        }
    }

    public record Department(String code, String name) {
    }

    /**
     * An Open311 service. {@code sla} are the targets at the default priority; {@code priorityTargets} replace
     * them for other priorities (an operator may raise one). {@code slaCalendar} says on which clock they run:
     * {@code always} (24/7, for emergencies) or {@code working-hours} (the jurisdiction's calendar).
     * {@code policyVersion} goes up with every change, so a complaint is measured by the version it was reported under.
     * {@code duplicate} (null: the services' default) says how close a report must be to an open one to be the same;
     * {@code pauseReasons} are the conditions that may pause its clocks; {@code attributes} are the questions Open311
     * asks when one is filed.
     */
    public record Category(String code, String name, String department, String skill, int priority, SlaTargets sla,
                           String slaCalendar, java.util.Map<Integer, SlaTargets> priorityTargets, Integer policyVersion,
                           DuplicateRule duplicate, List<String> pauseReasons, List<Attribute> attributes) {
        public static final String ALWAYS = "always";
        public static final String WORKING_HOURS = "working-hours";

        public Category {
            Checks.text(code, "category code", 40);
            Checks.range(priority, "priority", 1, 5);
            Objects.requireNonNull(sla, "sla");
            slaCalendar = slaCalendar == null ? ALWAYS : slaCalendar;
            if (!slaCalendar.equals(ALWAYS) && !slaCalendar.equals(WORKING_HOURS)) {
                throw new IllegalArgumentException("slaCalendar must be always or working-hours, was " + slaCalendar);
            }
            priorityTargets = priorityTargets == null ? java.util.Map.of() : java.util.Map.copyOf(priorityTargets);
            policyVersion = policyVersion == null ? 1 : policyVersion;
            Checks.range(policyVersion, "policyVersion", 1, Integer.MAX_VALUE);
            pauseReasons = pauseReasons == null ? List.of() : List.copyOf(pauseReasons);
            for (String reason : pauseReasons) {
                if (!siaga.contracts.events.ClockPaused.REASONS.contains(reason)) {
                    throw new IllegalArgumentException("category " + code + " names unknown pause reason " + reason);
                }
            }
            attributes = attributes == null ? List.of() : List.copyOf(attributes);
            Set<String> attributeCodes = new HashSet<>();
            for (Attribute attribute : attributes) {
                if (!attributeCodes.add(attribute.code())) {
                    throw new IllegalArgumentException("category " + code + " has attribute " + attribute.code() + " twice");
                }
            }
        }

        public Category(String code, String name, String department, String skill, int priority, SlaTargets sla,
                        String slaCalendar, java.util.Map<Integer, SlaTargets> priorityTargets, Integer policyVersion) {
            this(code, name, department, skill, priority, sla, slaCalendar, priorityTargets, policyVersion, null,
                    List.of(), List.of());
        }

        public Category(String code, String name, String department, String skill, int priority, SlaTargets sla) {
            this(code, name, department, skill, priority, sla, ALWAYS, java.util.Map.of(), 1);
        }

        /** This category's duplicate rule, or {@code fallback} where the reference data sets none. */
        public DuplicateRule duplicateOr(DuplicateRule fallback) {
            return duplicate == null ? fallback : duplicate;
        }

        /** The targets for a complaint of this category at {@code complaintPriority}. */
        public SlaTargets targetsFor(int complaintPriority) {
            return priorityTargets.getOrDefault(complaintPriority, sla);
        }
    }

    /**
     * Targets measured from the moment a complaint is reported, on the category's clock; {@code arrive} (the crew on
     * scene) is null where the policy sets none, and then that stage is not measured.
     */
    public record SlaTargets(Duration dispatch, Duration acknowledge, Duration resolve, Duration arrive) {
        public SlaTargets {
            Objects.requireNonNull(dispatch, "dispatch");
            Objects.requireNonNull(acknowledge, "acknowledge");
            Objects.requireNonNull(resolve, "resolve");
        }

        public SlaTargets(Duration dispatch, Duration acknowledge, Duration resolve) {
            this(dispatch, acknowledge, resolve, null);
        }
    }

    /** Reports of one category at most {@code radiusMetres} apart and {@code window} apart in time are one complaint. */
    public record DuplicateRule(double radiusMetres, Duration window) {
        public DuplicateRule {
            if (!(radiusMetres >= 0 && radiusMetres <= 5000)) {
                throw new IllegalArgumentException("duplicate radiusMetres must be 0 to 5000, was " + radiusMetres);
            }
            Objects.requireNonNull(window, "window");
            if (window.isNegative()) {
                throw new IllegalArgumentException("duplicate window must not be negative, was " + window);
            }
        }
    }

    /**
     * An Open311 service-definition attribute: a question asked when a complaint of the category is filed.
     * {@code values} list the choices of a single- or multi-value list (empty otherwise); {@code variable} false is an
     * informational text that takes no answer.
     */
    public record Attribute(String code, String datatype, Boolean required, Boolean variable, String description,
                            String datatypeDescription, Integer order, List<AttributeValue> values) {
        public static final List<String> DATATYPES =
                List.of("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist");

        public Attribute {
            Checks.text(code, "attribute code", 40);
            if (!DATATYPES.contains(datatype)) {
                throw new IllegalArgumentException("attribute " + code + " has datatype " + datatype + ", not one of " + DATATYPES);
            }
            required = required != null && required;
            variable = variable == null || variable;
            Checks.text(description, "attribute description", 500);
            values = values == null ? List.of() : List.copyOf(values);
            if (datatype.endsWith("valuelist") == values.isEmpty()) {
                throw new IllegalArgumentException("attribute " + code + ": a list attribute needs values, another none");
            }
        }

        public boolean choosesFromList() {
            return datatype.endsWith("valuelist");
        }
    }

    public record AttributeValue(String key, String name) {
        public AttributeValue {
            Checks.text(key, "attribute value key", 40);
            Checks.text(name, "attribute value name", 200);
        }
    }

    /** A team: its members (the first leads and signs in), vehicle, department, skills and depot. */
    public record Crew(String id, String name, String department, List<String> skills, GeoPoint depot,
                       List<Member> members, String vehicle) {
        public Crew {
            Checks.text(id, "crew id", 100);
            skills = List.copyOf(skills);
            Objects.requireNonNull(depot, "depot");
            members = members == null ? List.of() : List.copyOf(members);
        }

        public Crew(String id, String name, String department, List<String> skills, GeoPoint depot) {
            this(id, name, department, skills, depot, List.of(), null);
        }

        public boolean canHandle(Category category) {
            return department.equals(category.department()) && skills.contains(category.skill());
        }
    }

    public record Member(String id, String name) {
        public Member {
            Checks.text(id, "member id", 100);
            Checks.text(name, "member name", 100);
        }
    }

    /**
     * Someone who signs in: an operator, crew member, manager or inspector of this jurisdiction. Only a bcrypt
     * hash of the password is kept; {@code crewId} names the crew a crew member leads.
     */
    public record User(String id, String name, siaga.contracts.ActorRole role, String passwordHash, String crewId) {
        public User {
            Checks.text(id, "user id", 100);
            Checks.text(name, "user name", 100);
            Objects.requireNonNull(role, "role");
            Checks.text(passwordHash, "passwordHash", 100);
        }
    }

    /** An Open311 client; only the SHA-256 (hex) of its api key is kept. */
    public record Integrator(String id, String name, String apiKeySha256) {
        public Integrator {
            Checks.text(id, "integrator id", 100);
            Checks.text(name, "integrator name", 100);
            Checks.text(apiKeySha256, "apiKeySha256", 64);
        }
    }

    public Optional<Category> findCategory(String code) {
        return categories.stream().filter(c -> c.code().equals(code)).findFirst();
    }

    public Category getCategory(String code) {
        return findCategory(code).orElseThrow(() -> new IllegalArgumentException("unknown category " + code));
    }

    public Optional<Crew> findCrew(String id) {
        return crews.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Crew getCrew(String id) {
        return findCrew(id).orElseThrow(() -> new IllegalArgumentException("unknown crew " + id));
    }

    /** The demo jurisdiction (Kota Madiun) packed on the class path from {@code infra/reference/}. */
    public static ReferenceData demo() {
        return fromResource(DEMO_RESOURCE);
    }

    public static ReferenceData fromResource(String resource) {
        try (InputStream in = ReferenceData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference data at class-path resource " + resource);
            }
            return parse(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReferenceData fromFile(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference data " + file, e);
        }
    }

    /** Parses and validates YAML; the exception message names the source and every violation. */
    public static ReferenceData parse(byte[] yaml, String source) {
        JsonNode node;
        try {
            node = Json.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        List<String> violations = new ArrayList<>(Schemas.violations(SCHEMA, node));
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(source + " violates " + SCHEMA + ": " + String.join("; ", violations));
        }
        try {
            return Json.YAML.treeToValue(node, ReferenceData.class);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(source + " is inconsistent: " + root.getMessage(), e);
        }
    }
}
