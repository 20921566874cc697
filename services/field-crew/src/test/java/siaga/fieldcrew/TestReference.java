package siaga.fieldcrew;

import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/** The demo jurisdiction with three members in every crew ({@code <crewId>-a}, {@code -b}, {@code -c}), for roll calls. */
final class TestReference {
    static final ReferenceData MADIUN = withMembers(ReferenceData.demo());
    static final ReferenceCatalog CATALOG = new ReferenceCatalog(List.of(MADIUN));

    private TestReference() {
    }

    static List<String> membersOf(String crewId) {
        return List.of(crewId + "-a", crewId + "-b", crewId + "-c");
    }

    private static ReferenceData withMembers(ReferenceData demo) {
        List<ReferenceData.Crew> crews = demo.crews().stream()
                .map(c -> new ReferenceData.Crew(c.id(), c.name(), c.department(), c.skills(), c.depot(),
                        membersOf(c.id()).stream().map(id -> new ReferenceData.Member(id, "Anggota " + id)).toList(),
                        c.vehicle()))
                .toList();
        return new ReferenceData(demo.jurisdiction(), demo.districts(), demo.departments(), demo.categories(), crews,
                demo.users(), demo.integrators());
    }
}
