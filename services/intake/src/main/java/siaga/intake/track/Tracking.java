package siaga.intake.track;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Category;
import siaga.contracts.reference.ReferenceData.Department;
import siaga.contracts.reference.ReferenceData.District;
import siaga.intake.view.ComplaintView;

/**
 * What a citizen may see of a complaint by its ticket number, and nothing more: no reporter, no address, no
 * description (an operator may have typed personal details into either), no crew. Times are local to the
 * jurisdiction, written ISO-8601 with their offset ({@code 2026-03-14T20:05:00+07:00}).
 *
 * <p>{@code expectedBy} is the report time plus the category's resolve target at the complaint's priority,
 * counted 24/7. For a category measured in working hours the real due time is later (nights, weekends,
 * holidays); that calendar arithmetic belongs to the SLA monitor, and the page says "expected" for that reason.
 */
public record Tracking(
        String ticket,
        String category,
        String categoryName,
        String status,
        String departmentCode,
        String department,
        String district,
        String timeZone,
        String reportedAt,
        String expectedBy,
        List<Step> timeline) {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    public record Step(String status, String at) {
    }

    public static Tracking of(ComplaintView view, ReferenceData reference) {
        ZoneId zone = reference.jurisdiction().timeZone();
        Category category = reference.findCategory(view.category()).orElse(null);
        String department = reference.departments().stream().filter(d -> d.code().equals(view.department()))
                .map(Department::name).findFirst().orElse(view.department());
        String district = reference.districts().stream().filter(d -> d.id().equals(view.district()))
                .map(District::name).findFirst().orElse(null);
        String expectedBy = category == null ? null
                : local(view.reportedAt().plus(category.targetsFor(view.priority()).resolve()), zone);
        return new Tracking(view.ticket(), view.category(), category == null ? view.category() : category.name(),
                view.status().wireName(), view.department(), department, district, zone.getId(),
                local(view.reportedAt(), zone), expectedBy,
                view.timeline().stream().map(s -> new Step(s.status().wireName(), local(s.at(), zone))).toList());
    }

    private static String local(Instant at, ZoneId zone) {
        return LOCAL.format(at.atZone(zone).toOffsetDateTime());
    }
}
