package siaga.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import siaga.contracts.events.*;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintQueued;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.DispatchEvent;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventType;
import siaga.contracts.events.EventTypes;
import siaga.contracts.events.JobAcknowledged;
import siaga.contracts.events.JobResolved;
import siaga.contracts.events.Reporter;
import siaga.contracts.events.ShiftEnded;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageMet;

class ContractsTest {
    static final Instant T0 = Instant.parse("2026-11-23T01:30:00Z");
    static final GeoPoint ALUN_ALUN = new GeoPoint(-7.6298, 111.5239);

    static final java.util.UUID SOME_EVENT = java.util.UUID.fromString("6f1c2a9e-4b7d-4e2a-9a55-0c3f7d2b1e10");
    static final List<Candidate> CANDIDATES = List.of(
            new Candidate("dlh-1", "available", 1520.5, 30, 0, List.of("tree-clearing")),
            new Candidate("dlh-2", "off-shift", 3100.0, -1, 0, List.of("tree-clearing")));

    static final Map<Class<?>, EventPayload> SAMPLES = Map.ofEntries(
            Map.entry(ComplaintReported.class, new ComplaintReported("MDN-2026-000123", "fallen-tree", "DLH", 2, ALUN_ALUN,
                    "Jl. Pahlawan 12, Kartoharjo", "Pohon tumbang menutup jalan",
                    new Reporter("Sri Wahyuni", "+62 812-3456-7890", "sri@example.id"), "kartoharjo", "Kartoharjo", "open311",
                    "https://example.id/foto/pohon.jpg", Map.of("blocking", List.of("road"), "on_power_line", List.of("no")))),
            Map.entry(ComplaintCancelled.class, new ComplaintCancelled("Laporan palsu")),
            Map.entry(ComplaintClosed.class, new ComplaintClosed("Warga puas")),
            Map.entry(NoteAdded.class, new NoteAdded("Pelapor menelepon lagi")),
            Map.entry(ComplaintSplit.class, new ComplaintSplit("c-0", "lokasi berbeda")),
            Map.entry(ComplaintPriorityChanged.class, new ComplaintPriorityChanged(3, 2, "lampu di depan sekolah")),
            Map.entry(ClockPaused.class, new ClockPaused(ClockPaused.WAITING_MATERIALS, "menunggu lampu pengganti")),
            Map.entry(ClockResumed.class, new ClockResumed(null)),
            Map.entry(ComplaintDispatched.class, new ComplaintDispatched("dlh-1", "DLH", 1520.5, 0,
                    "nearest of 3 on-shift crews with tree-clearing", CANDIDATES, "2")),
            Map.entry(ComplaintQueued.class, new ComplaintQueued("DLH", "no crew of DLH with tree-clearing is on shift", CANDIDATES, "2")),
            Map.entry(ComplaintMerged.class, new ComplaintMerged("c-0", "MDN-2026-000122", 40.0, 600, "same category 40 m and 10 min away", "2")),
            Map.entry(ComplaintEscalated.class, new ComplaintEscalated("dlh-1", "DLH", 1, "not acknowledged within PT15M")),
            Map.entry(ComplaintReassigned.class, new ComplaintReassigned("dlh-1", "dlh-2", "DLH", 3100.0, 0, "dlh-1 declined", CANDIDATES, "2")),
            Map.entry(SupervisorAlerted.class, new SupervisorAlerted("DLH", 3, "escalated three times")),
            Map.entry(JobAcknowledged.class, new JobAcknowledged("dlh-1", T0.plusSeconds(2))),
            Map.entry(JobDeclined.class, new JobDeclined("dlh-1", "vehicle-broken", "ban bocor", T0.plusSeconds(2))),
            Map.entry(JobEnRoute.class, new JobEnRoute("dlh-1", T0.plusSeconds(2))),
            Map.entry(JobOnScene.class, new JobOnScene("dlh-1", T0.plusSeconds(2))),
            Map.entry(JobResolved.class, new JobResolved("dlh-1", "Pohon dipotong dan disingkirkan", "https://example.id/foto.jpg", T0.plusSeconds(2))),
            Map.entry(JobCannotFix.class, new JobCannotFix("dlh-1", "PUPR", "jalan amblas, perlu alat berat", T0.plusSeconds(2))),
            Map.entry(ShiftStarted.class, new ShiftStarted("dlh-1", "DLH", ALUN_ALUN, List.of("m-1", "m-2"))),
            Map.entry(ShiftEnded.class, new ShiftEnded("dlh-1", "DLH")),
            Map.entry(CrewLocationReported.class, new CrewLocationReported("dlh-1", "DLH", ALUN_ALUN, 12.5, T0.plusSeconds(2))),
            Map.entry(StageMet.class, new StageMet(SlaStage.ARRIVE, "fallen-tree", "DLH", T0, T0.plusSeconds(3900), 300_000, 3_600_000, 900_000, true)),
            Map.entry(StageBreached.class, new StageBreached(SlaStage.FOLLOW_UP, "fallen-tree", "DLH", T0, T0.plusSeconds(14_400), 14_400_000)),
            Map.entry(StageAtRisk.class, new StageAtRisk(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plusSeconds(14_400), 14_400_000)),
            Map.entry(StageCorrected.class, new StageCorrected(SlaStage.RESOLVE, "fallen-tree", "DLH", T0, T0.plusSeconds(600),
                    600_000, 0, 14_400_000, true, SOME_EVENT)));

    static List<EventType> types() {
        return EventTypes.ALL;
    }

    static Event<EventPayload> sample(EventType type) {
        EventPayload payload = SAMPLES.get(type.payloadClass());
        assertThat(payload).as("a sample for " + type).isNotNull();
        return Event.of(payload, "madiun", "c-1", new Actor(ActorRole.OPERATOR, "op-1"), "corr-1", T0);
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyEventTypeRoundTripsAndValidatesAgainstItsSchema(EventType type) throws Exception {
        Event<EventPayload> event = sample(type);
        byte[] bytes = EventCodec.encode(event);

        JsonNode node = Json.MAPPER.readTree(bytes);
        assertThat(Schemas.violations(type.schemaResource(), node)).isEmpty();
        assertThat(node.get("type").asText()).isEqualTo(type.name());
        assertThat(node.get("occurredAt").asText()).isEqualTo("2026-11-23T01:30:00Z");
        assertThat(EventCodec.decode(bytes, EventPayload.class)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("types")
    void recordAndSchemaNameTheSameFieldsAllRequired(EventType type) {
        JsonNode dataSchema = Schemas.get(type.schemaResource()).getSchemaNode().at("/properties/data");
        assertSameShape(type.payloadClass(), dataSchema, type + " data");
    }

    @Test
    void envelopeSchemaNamesExactlyTheEnvelopeRecordComponents() {
        JsonNode envelope = Schemas.get("schemas/envelope.v1.json").getSchemaNode();
        Set<String> components = componentNames(Event.class);
        assertThat(fieldNames(envelope.get("properties"))).isEqualTo(components);
        assertThat(fieldNames(envelope.get("required"))).isEqualTo(components);
    }

    @Test
    void everyEventTypeHasASchemaFileAndEverySchemaFileAType() throws Exception {
        Set<String> registered = EventTypes.everyVersion().stream().map(EventType::schemaResource).collect(Collectors.toCollection(TreeSet::new));
        var dir = java.nio.file.Path.of(getClass().getClassLoader().getResource("schemas/events").toURI());
        try (var files = java.nio.file.Files.list(dir)) {
            Set<String> onDisk = files.map(p -> "schemas/events/" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(onDisk).isEqualTo(registered);
        }
    }

    /** The test that fails when a field is added to a record and not its schema, or the other way round. */
    private static void assertSameShape(Class<?> type, JsonNode schema, String where) {
        JsonNode resolved = resolve(schema);
        Set<String> components = componentNames(type);
        assertThat(fieldNames(resolved.get("properties"))).as(where + " properties").isEqualTo(components);
        assertThat(fieldNames(resolved.get("required"))).as(where + " required").isEqualTo(components);
        assertThat(resolved.path("additionalProperties").asBoolean(true)).as(where + " additionalProperties").isFalse();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType().isRecord()) {
                assertSameShape(component.getType(), resolved.get("properties").get(component.getName()), where + "/" + component.getName());
            }
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String pointer = ref.asText().substring(ref.asText().indexOf('#') + 1);
        return Schemas.get("schemas/envelope.v1.json").getSchemaNode().at(pointer);
    }

    private static Set<String> componentNames(Class<?> type) {
        return java.util.Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else {
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
        }
        return names;
    }

    static List<EventTypes.Legacy> legacyTypes() {
        return EventTypes.LEGACY;
    }

    /** Each old version still reads: a record written as that version decodes into the current record. */
    @ParameterizedTest
    @MethodSource("legacyTypes")
    void everyLegacyVersionStillReadsAsTheCurrentVersion(EventTypes.Legacy legacy) throws Exception {
        String file = "/" + legacy.type().schemaResource().replace("schemas/events/", "legacy-samples/");
        byte[] old;
        try (var in = ContractsTest.class.getResourceAsStream(file)) {
            assertThat(in).as("a recorded " + legacy.type() + " sample at " + file).isNotNull();
            old = in.readAllBytes();
        }
        assertThat(Schemas.violations(legacy.type().schemaResource(), Json.MAPPER.readTree(old))).isEmpty();
        Event<EventPayload> read = EventCodec.decode(old, EventPayload.class);
        assertThat(read.schemaVersion()).isEqualTo(EventTypes.of(legacy.type().payloadClass()).version());
        assertThat(read.data()).isInstanceOf(legacy.type().payloadClass());
        assertThat(read.eventId().toString()).isEqualTo(Json.MAPPER.readTree(old).get("eventId").asText());
        JsonNode upgraded = Json.MAPPER.valueToTree(read);
        assertThat(Schemas.violations(EventTypes.of(legacy.type().payloadClass()).schemaResource(), upgraded)).isEmpty();
    }

    @Test
    void aVersionOneAcknowledgementReadsWithItsDeviceTimeAsReceiptTime() throws Exception {
        byte[] old;
        try (var in = ContractsTest.class.getResourceAsStream("/legacy-samples/job.acknowledged.v1.json")) {
            old = in.readAllBytes();
        }
        Event<FieldEvent> read = EventCodec.decode(old, FieldEvent.class);
        assertThat(read.data()).isEqualTo(new JobAcknowledged("dlh-1", read.occurredAt()));
    }

    @Test
    void decodeRefusesWhatIsNotJson() {
        assertThatThrownBy(() -> EventCodec.decode("{not json".getBytes(StandardCharsets.UTF_8), ComplaintEvent.class))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("not valid JSON");
    }

    @Test
    void decodeRefusesAnUnknownType() throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.valueToTree(sample(EventTypes.of(JobAcknowledged.class)));
        node.put("type", "job.teleported");
        assertThatThrownBy(() -> EventCodec.decode(Json.MAPPER.writeValueAsBytes(node), EventPayload.class))
                .isInstanceOf(InvalidEventException.class).hasMessage("unknown event type job.teleported v2");
    }

    @Test
    void decodeRefusesAnEventOfAnotherTopic() {
        byte[] dispatched = EventCodec.encode(sample(EventTypes.of(ComplaintDispatched.class)));
        assertThatThrownBy(() -> EventCodec.decode(dispatched, ComplaintEvent.class))
                .isInstanceOf(InvalidEventException.class).hasMessage("complaint.dispatched v2 is not a ComplaintEvent");
        assertThat(catchDecode(dispatched, DispatchEvent.class)).isNull();
    }

    @Test
    void decodeRefusesASchemaViolationNamingTheField() throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.valueToTree(sample(EventTypes.of(ComplaintReported.class)));
        ((ObjectNode) node.get("data").get("location")).put("lat", 123.0);
        ((ObjectNode) node.get("data")).put("colour", "red");
        assertThatThrownBy(() -> EventCodec.decode(Json.MAPPER.writeValueAsBytes(node), ComplaintEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("/data/location/lat")
                .hasMessageContaining("colour");
    }

    @Test
    void anEventWhoseTypeDoesNotMatchItsPayloadCannotExist() {
        assertThatThrownBy(() -> new Event<>(java.util.UUID.randomUUID(), "job.resolved", 1, T0, "madiun", "c-1",
                Actor.system("test"), "corr", new JobAcknowledged("dlh-1", T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match JobAcknowledged");
    }

    @Test
    void demoReferenceDataLoadsWithItsCrewsAndCategories() {
        var ref = siaga.contracts.reference.ReferenceData.demo();
        assertThat(ref.jurisdiction().ticketPrefix()).isEqualTo("MDN");
        assertThat(ref.jurisdiction().timeZone().getId()).isEqualTo("Asia/Jakarta");
        assertThat(ref.categories()).extracting(c -> c.code())
                .containsExactly("street-light-out", "fallen-tree", "flood", "fire", "pothole");
        assertThat(ref.crews()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(ref.getCategory("fire").sla().acknowledge()).isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(ref.getCrew("dlh-1").canHandle(ref.getCategory("fallen-tree"))).isTrue();
        assertThat(ref.getCrew("dlh-1").canHandle(ref.getCategory("fire"))).isFalse();
    }

    @Test
    void demoCalendarHasFridayPrayerBreakAndHolidaysAndPoliciesPerPriority() {
        var ref = siaga.contracts.reference.ReferenceData.demo();
        var calendar = ref.jurisdiction().calendar();
        assertThat(calendar.periodsOn(java.time.LocalDate.of(2026, 11, 27))).extracting(p -> p.start() + "-" + p.end())
                .containsExactly("07:30-11:30", "13:00-16:30");
        assertThat(calendar.periodsOn(java.time.LocalDate.of(2026, 11, 28))).as("Saturday").isEmpty();
        assertThat(calendar.periodsOn(java.time.LocalDate.of(2026, 12, 25))).as("Christmas, a Friday").isEmpty();
        var streetLight = ref.getCategory("street-light-out");
        assertThat(streetLight.slaCalendar()).isEqualTo("working-hours");
        assertThat(streetLight.policyVersion()).isEqualTo(1);
        assertThat(streetLight.targetsFor(2).resolve()).isEqualTo(java.time.Duration.ofHours(8));
        assertThat(streetLight.targetsFor(3).resolve()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(ref.getCategory("fire").slaCalendar()).isEqualTo("always");
        assertThat(ref.districts().get(0).boundary()).hasSize(5);
    }

    @Test
    void referenceDataWithACrewOfAnUnknownDepartmentIsRefused() {
        String yaml = new String(readDemo(), StandardCharsets.UTF_8).replace("department: PUPR, skills", "department: PU, skills");
        assertThatThrownBy(() -> siaga.contracts.reference.ReferenceData.parse(yaml.getBytes(StandardCharsets.UTF_8), "broken.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.yaml is inconsistent: crew pupr-1 names unknown department PU");
    }

    @Test
    void referenceDataViolatingItsSchemaIsRefusedNamingThePlace() {
        String yaml = new String(readDemo(), StandardCharsets.UTF_8).replace("resolve: PT72H", "resolve: three days");
        assertThatThrownBy(() -> siaga.contracts.reference.ReferenceData.parse(yaml.getBytes(StandardCharsets.UTF_8), "broken.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.yaml violates schemas/reference.v2.json")
                .hasMessageContaining("/categories/4/sla/resolve");
    }

    @Test
    void demoDeploymentServesTwoJurisdictionsInTheirOwnZonesWithTheirOwnClocks() {
        var catalog = siaga.contracts.reference.ReferenceCatalog.demo();
        assertThat(catalog.list()).extracting(r -> r.jurisdiction().id()).containsExactly("madiun", "banjarbaru");
        var banjarbaru = catalog.get("banjarbaru").jurisdiction();
        assertThat(banjarbaru.ticketPrefix()).isEqualTo("BJB");
        assertThat(banjarbaru.timeZone().getId()).isEqualTo("Asia/Makassar");
        assertThat(banjarbaru.administrativeClocks().forward()).isEqualTo(2);
        assertThat(catalog.get("madiun").jurisdiction().administrativeClocks())
                .isEqualTo(siaga.contracts.reference.ReferenceData.AdministrativeClocks.NATIONAL);
    }

    @Test
    void demoCategoriesCarryArriveTargetsDuplicateRulesPauseReasonsAndOpen311Attributes() {
        var ref = siaga.contracts.reference.ReferenceData.demo();
        var streetLight = ref.getCategory("street-light-out");
        assertThat(streetLight.sla().arrive()).isEqualTo(java.time.Duration.ofHours(4));
        assertThat(streetLight.targetsFor(2).arrive()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(streetLight.duplicate().radiusMetres()).isEqualTo(50.0);
        assertThat(streetLight.pauseReasons()).contains(ClockPaused.WAITING_MATERIALS);
        assertThat(ref.getCategory("fire").pauseReasons()).as("an emergency's clock never pauses").isEmpty();
        var lampState = streetLight.attributes().get(1);
        assertThat(lampState.code()).isEqualTo("lamp_state");
        assertThat(lampState.choosesFromList()).isTrue();
        assertThat(lampState.required()).isFalse();
        assertThat(lampState.values()).extracting(v -> v.key()).containsExactly("dark", "flickering", "on-by-day");
    }

    @Test
    void aVersionOneReferenceFileStillLoads() {
        String yaml = new String(readDemo(), StandardCharsets.UTF_8)
                .replaceAll("(?m)^    (duplicate|pauseReasons): .*\\n", "")
                .replaceAll(", arrive: PT\\w+", "")
                .replaceAll("(?m)^  administrativeClocks: .*\\n", "")
                .replaceAll("(?m)^    attributes:\\n(^      .*\\n)*", "");
        var ref = siaga.contracts.reference.ReferenceData.parse(yaml.getBytes(StandardCharsets.UTF_8), "v1.yaml");
        assertThat(ref.getCategory("pothole").sla().arrive()).isNull();
        assertThat(ref.getCategory("pothole").duplicate()).isNull();
        assertThat(ref.jurisdiction().administrativeClocks().closeWithoutReply()).isEqualTo(10);
    }

    @Test
    void aListAttributeWithoutValuesIsRefused() {
        String yaml = new String(readDemo(), StandardCharsets.UTF_8)
                .replace("{ code: pole_number, datatype: string,", "{ code: pole_number, datatype: singlevaluelist,");
        assertThatThrownBy(() -> siaga.contracts.reference.ReferenceData.parse(yaml.getBytes(StandardCharsets.UTF_8), "broken.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/categories/0/attributes/0");
    }

    @Test
    void aCrewIdUsedByTwoJurisdictionsIsRefused() {
        var madiun = siaga.contracts.reference.ReferenceData.demo();
        String yaml = new String(readDemo(), StandardCharsets.UTF_8).replace("id: madiun", "id: madiun-copy")
                .replace("ticketPrefix: MDN", "ticketPrefix: MDC");
        var copy = siaga.contracts.reference.ReferenceData.parse(yaml.getBytes(StandardCharsets.UTF_8), "copy.yaml");
        assertThatThrownBy(() -> new siaga.contracts.reference.ReferenceCatalog(List.of(madiun, copy)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crew dishub-1 of madiun-copy is also one of madiun");
    }

    private static byte[] readDemo() {
        try (var in = ContractsTest.class.getClassLoader().getResourceAsStream("reference/madiun.yaml")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static InvalidEventException catchDecode(byte[] raw, Class<? extends EventPayload> type) {
        try {
            EventCodec.decode(raw, type);
            return null;
        } catch (InvalidEventException e) {
            return e;
        }
    }

}
