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
 * {@code schemas/reference.v1.json} and the cross-references (a category's department exists, a crew's skills
 * are categories' skills), and names the first problem; an invalid file never becomes a ReferenceData.
 */
public record ReferenceData(
        Jurisdiction jurisdiction,
        List<District> districts,
        List<Department> departments,
        List<Category> categories,
        List<Crew> crews) {

    public static final String SCHEMA = "schemas/reference.v1.json";
    public static final String DEMO_RESOURCE = "reference/madiun.yaml";

    public ReferenceData {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        districts = List.copyOf(districts);
        departments = List.copyOf(departments);
        categories = List.copyOf(categories);
        crews = List.copyOf(crews);
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
    }

    public record Jurisdiction(String id, String name, String ticketPrefix, ZoneId timeZone, Bounds bounds) {
        public Jurisdiction {
            Checks.text(id, "jurisdiction id", 40);
            Checks.text(name, "jurisdiction name", 100);
            Checks.text(ticketPrefix, "ticketPrefix", 5);
            Objects.requireNonNull(timeZone, "timeZone");
            Objects.requireNonNull(bounds, "bounds");
        }
    }

    /** The box a complaint's location must fall in; district polygons come with the full intake. */
    public record Bounds(double minLat, double maxLat, double minLon, double maxLon) {
        public boolean contains(GeoPoint p) {
            return p.lat() >= minLat && p.lat() <= maxLat && p.lon() >= minLon && p.lon() <= maxLon;
        }
    }

    public record District(String id, String name, List<String> kelurahan) {
        public District {
            kelurahan = List.copyOf(kelurahan);
        }
    }

    public record Department(String code, String name) {
    }

    /** An Open311 service: owned by a department, needing a crew skill, with default priority and SLA targets. */
    public record Category(String code, String name, String department, String skill, int priority, SlaTargets sla) {
        public Category {
            Checks.text(code, "category code", 40);
            Checks.range(priority, "priority", 1, 5);
            Objects.requireNonNull(sla, "sla");
        }
    }

    /** Targets measured from the moment a complaint is reported, on a 24/7 clock. */
    public record SlaTargets(Duration dispatch, Duration acknowledge, Duration resolve) {
        public SlaTargets {
            Objects.requireNonNull(dispatch, "dispatch");
            Objects.requireNonNull(acknowledge, "acknowledge");
            Objects.requireNonNull(resolve, "resolve");
        }
    }

    public record Crew(String id, String name, String department, List<String> skills, GeoPoint depot) {
        public Crew {
            Checks.text(id, "crew id", 100);
            skills = List.copyOf(skills);
            Objects.requireNonNull(depot, "depot");
        }

        public boolean canHandle(Category category) {
            return department.equals(category.department()) && skills.contains(category.skill());
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
