package siaga.fieldcrew;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import siaga.contracts.GeoPoint;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/**
 * The jobs a crew still has to work (dispatched to it and neither finished nor handed back), each with what the
 * crew needs to find and fix the problem: category, place with a map link, description, the reporter's first
 * name (never their phone or full name) and the SLA due times. Most urgent (earliest resolve due) first.
 * Served at {@code GET /api/crews/{crewId}/jobs}: until sign-in exists (a later issue) the path names the crew,
 * so any caller can read any crew's list; with sign-in the crew will come from the session instead.
 *
 * <p>Due times are the report time plus the category's targets for the complaint's priority, on a 24/7 clock:
 * for a working-hours category the SLA monitor's due time (on the jurisdiction's calendar) can be later; this
 * list tells a crew what to aim for, the SLA monitor is the measure.
 */
record CrewJobList(String crewId, List<Card> jobs) {

    /** Complaint details are null while this view has not seen the report. */
    record Card(String complaintId, String ticket, JobStatus status, List<JobStatus> allowedNextStates, Instant assignedAt,
                String category, String categoryName, Integer priority, GeoPoint location, String mapUrl, String address,
                String description, String reporterFirstName, Instant reportedAt, Due due) {
    }

    record Due(Instant dispatch, Instant acknowledge, Instant resolve) {
    }

    static CrewJobList of(String crewId, List<Job> jobs, ReferenceCatalog reference,
                          Function<String, Optional<ComplaintSummary>> complaintOf) {
        List<Card> cards = jobs.stream()
                .map(job -> card(job, complaintOf.apply(job.complaintId()), reference))
                .sorted(Comparator.comparing((Card c) -> c.due() == null ? Instant.MAX : c.due().resolve())
                        .thenComparing(Card::complaintId))
                .toList();
        return new CrewJobList(crewId, cards);
    }

    static String mapUrl(GeoPoint point) {
        return "https://www.openstreetmap.org/?mlat=" + BigDecimal.valueOf(point.lat()).toPlainString()
                + "&mlon=" + BigDecimal.valueOf(point.lon()).toPlainString();
    }

    private static Card card(Job job, Optional<ComplaintSummary> found, ReferenceCatalog reference) {
        Instant assignedAt = job.history().stream()
                .filter(step -> step.status() == JobStatus.DISPATCHED && step.crewId().equals(job.crewId()))
                .map(Job.Step::at).max(Comparator.naturalOrder()).orElse(null);
        if (found.isEmpty()) {
            return new Card(job.complaintId(), null, job.status(), job.status().allowedNext(), assignedAt, null, null, null,
                    null, null, null, null, null, null, null);
        }
        ComplaintSummary complaint = found.get();
        Optional<ReferenceData.Category> category = reference.find(complaint.jurisdiction())
                .flatMap(data -> data.findCategory(complaint.category()));
        Due due = category.map(c -> c.targetsFor(complaint.priority())).map(targets -> new Due(
                complaint.reportedAt().plus(targets.dispatch()),
                complaint.reportedAt().plus(targets.acknowledge()),
                complaint.reportedAt().plus(targets.resolve()))).orElse(null);
        return new Card(job.complaintId(), complaint.ticket(), job.status(), job.status().allowedNext(), assignedAt,
                complaint.category(), category.map(ReferenceData.Category::name).orElse(null), complaint.priority(),
                complaint.location(), mapUrl(complaint.location()), complaint.address(), complaint.description(),
                complaint.reporterFirstName(), complaint.reportedAt(), due);
    }
}
