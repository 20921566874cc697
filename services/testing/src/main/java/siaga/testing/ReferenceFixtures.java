package siaga.testing;

import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/** Reference data changed the way a test needs it, everything else as given. */
public final class ReferenceFixtures {
    private ReferenceFixtures() {
    }

    /** {@code category} with {@code rule} as its duplicate rule (null: none of its own, the services' default applies). */
    public static ReferenceData.Category withDuplicate(ReferenceData.Category category, ReferenceData.DuplicateRule rule) {
        return new ReferenceData.Category(category.code(), category.name(), category.department(), category.skill(),
                category.priority(), category.sla(), category.slaCalendar(), category.priorityTargets(),
                category.policyVersion(), rule, category.pauseReasons(), category.attributes());
    }

    /** {@code data} with {@code rule} as the duplicate rule of {@code categoryCode}. */
    public static ReferenceData withDuplicate(ReferenceData data, String categoryCode, ReferenceData.DuplicateRule rule) {
        return withCategories(data, data.categories().stream()
                .map(c -> c.code().equals(categoryCode) ? withDuplicate(c, rule) : c)
                .toList());
    }

    /** {@code data} with {@code rule} as the duplicate rule of every category. */
    public static ReferenceData withDuplicateEverywhere(ReferenceData data, ReferenceData.DuplicateRule rule) {
        return withCategories(data, data.categories().stream().map(c -> withDuplicate(c, rule)).toList());
    }

    /** Every jurisdiction of {@code catalog} with {@code rule} as the duplicate rule of every category. */
    public static ReferenceCatalog withDuplicateEverywhere(ReferenceCatalog catalog, ReferenceData.DuplicateRule rule) {
        return new ReferenceCatalog(catalog.list().stream().map(d -> withDuplicateEverywhere(d, rule)).toList());
    }

    public static ReferenceData withCategories(ReferenceData data, List<ReferenceData.Category> categories) {
        return new ReferenceData(data.jurisdiction(), data.districts(), data.departments(), categories, data.crews(),
                data.users(), data.integrators());
    }
}
