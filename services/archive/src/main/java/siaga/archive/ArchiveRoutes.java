package siaga.archive;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.archive.complaint.ComplaintStatus;
import siaga.archive.complaint.ReporterPhone;
import siaga.archive.report.Report;
import siaga.archive.report.ReportCsv;
import siaga.archive.report.ReportDimension;
import siaga.archive.report.ReportPeriod;
import siaga.archive.report.ReportQuery;
import siaga.archive.report.ReportReader;
import siaga.archive.search.ComplaintQuery;
import siaga.archive.search.ComplaintSearch;
import siaga.archive.search.SearchCursor;
import siaga.archive.timeline.Timeline;
import siaga.archive.timeline.TimelineReader;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.ActorRole;
import siaga.runtime.access.Access;
import siaga.runtime.access.Principal;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.ProblemException;

/**
 * The archive's HTTP API for operators and managers. Every response answers 503 while the database does not,
 * and 400 naming each bad parameter by the JSON pointer {@code /<name>} (unknown parameters included).
 *
 * <ul>
 *   <li>{@code GET /api/complaints?ticket=&phone=&status=&category=&department=&kecamatan=&crew=&from=&to=&sort=&cursor=&limit=&tz=&jurisdiction=}:
 *       a {@link siaga.archive.search.ComplaintPage}. Lists (status, category, department, kecamatan, crew) take
 *       comma-separated values and match any; {@code from}/{@code to} bound {@code reportedAt} (see
 *       {@link QueryParameters#moment}); {@code sort} is {@code -reportedAt} (default) or {@code reportedAt};
 *       {@code limit} 1 to 200 (default 50); {@code cursor} is the previous page's {@code nextCursor}, valid
 *       only with the same filters and sort.</li>
 *   <li>{@code GET /api/complaints/{id}/timeline?tz=}: the {@link siaga.archive.timeline.Timeline}, reporter
 *       included; 404 when nothing is archived for it.</li>
 *   <li>{@code GET /api/reports/{dimension}?period=day|week|month&from=&to=&format=json|csv&jurisdiction=}:
 *       a {@link Report} by department, category, crew or kecamatan, as JSON or a CSV download. {@code from} and
 *       {@code to} are local dates (default: the last 30 days, 12 weeks or 12 months up to today).</li>
 * </ul>
 *
 * <p>{@code jurisdiction} defaults to the signed-in user's own, and another one is a 403; {@code tz} (an IANA zone) to the
 * jurisdiction's zone, in which local times are shown and local dates read. Reports always use the
 * jurisdiction's zone: its calendar is what the figures are about.
 *
 * <p>Search and timelines are for operators, managers and inspectors, reports for managers and inspectors. Personal
 * data is for operators and managers of the complaint's jurisdiction only: an inspector may not search by phone
 * (403) and reads timelines without the reporter.
 */
public final class ArchiveRoutes {
    public static final String COMPLAINTS = "/api/complaints";
    public static final String TIMELINE = "/api/complaints/{id}/timeline";
    public static final String REPORTS = "/api/reports/{dimension}";
    private static final Logger log = LoggerFactory.getLogger(ArchiveRoutes.class);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TICKET = Pattern.compile("[A-Z0-9-]{1,40}");
    private static final int MAX_VALUE_LENGTH = 100;
    private static final Set<String> SEARCH_PARAMETERS = Set.of("jurisdiction", "ticket", "phone", "status", "category",
            "department", "kecamatan", "crew", "from", "to", "sort", "cursor", "limit", "tz");
    private static final Set<String> REPORT_PARAMETERS = Set.of("jurisdiction", "period", "from", "to", "format");
    private static final Map<ReportPeriod, Integer> DEFAULT_PERIODS =
            Map.of(ReportPeriod.DAY, 30, ReportPeriod.WEEK, 12, ReportPeriod.MONTH, 12);

    private final TimelineReader timelines;
    private final ComplaintSearch search;
    private final ReportReader reports;
    private final ReferenceCatalog reference;
    private final Clock clock;

    public ArchiveRoutes(TimelineReader timelines, ComplaintSearch search, ReportReader reports,
                         ReferenceCatalog reference, Clock clock) {
        this.timelines = timelines;
        this.search = search;
        this.reports = reports;
        this.reference = reference;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.get(COMPLAINTS, Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR), this::search);
        routes.get(TIMELINE, Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR), this::timeline);
        routes.get(REPORTS, Roles.of(ActorRole.MANAGER, ActorRole.INSPECTOR), this::report);
    }

    private void timeline(Context ctx) {
        String id = ctx.pathParam("id");
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badRequest("/id", "must be a complaint id (a UUID), was '" + id + "'");
        }
        QueryParameters parameters = new QueryParameters(ctx.queryParamMap(), Set.of("tz"), Map.of());
        ZoneId requested = parameters.zone("tz", null);
        parameters.throwIfInvalid();
        UUID complaintId = UUID.fromString(id);
        Timeline timeline;
        try {
            timeline = timelines.find(complaintId, jurisdiction -> requested != null ? requested : zoneOf(jurisdiction))
                    .orElseThrow(() -> ProblemException.notFound("no event of complaint " + complaintId + " is archived"));
        } catch (SQLException e) {
            throw unavailable("timeline of " + complaintId, e);
        }
        Principal principal = Access.principal(ctx);
        principal.requireJurisdiction(timeline.jurisdiction(), "complaint " + complaintId);
        ctx.json(principal.seesPersonalDataOf(timeline.jurisdiction()) ? timeline : timeline.withoutReporter());
    }

    private void search(Context ctx) {
        QueryParameters parameters = new QueryParameters(ctx.queryParamMap(), SEARCH_PARAMETERS, Map.of());
        Principal principal = Access.principal(ctx);
        ReferenceData jurisdiction = jurisdiction(parameters, principal);
        ZoneId zone = parameters.zone("tz", jurisdiction.jurisdiction().timeZone());
        String ticket = parameters.text("ticket").map(t -> t.toUpperCase(Locale.ROOT)).orElse(null);
        if (ticket != null && !TICKET.matcher(ticket).matches()) {
            parameters.error("ticket", "must be a ticket number such as MDN-2026-000101, was '" + ticket + "'");
        }
        String phone = null;
        Optional<String> typedPhone = parameters.text("phone");
        if (typedPhone.isPresent() && !principal.seesPersonalDataOf(jurisdiction.jurisdiction().id())) {
            throw ProblemException.forbidden("searching by a reporter's phone is for operators and managers only");
        }
        if (typedPhone.isPresent()) {
            phone = ReporterPhone.parse(typedPhone.get()).orElse(null);
            if (phone == null) {
                parameters.error("phone", "must be a phone number of " + ReporterPhone.MIN_DIGITS + " to "
                        + ReporterPhone.MAX_DIGITS + " digits (spaces, dashes and a leading + allowed)");
            }
        }
        List<ComplaintStatus> statuses = parameters.list("status", MAX_VALUE_LENGTH).stream()
                .map(status -> parseStatus(parameters, status)).filter(Objects::nonNull).toList();
        Instant from = parameters.moment("from", zone, false);
        Instant to = parameters.moment("to", zone, true);
        if (from != null && to != null && !to.isAfter(from)) {
            parameters.error("to", "must be after from");
        }
        boolean ascending = parameters.choice("sort", List.of("-reportedAt", "reportedAt"), "-reportedAt")
                .equals("reportedAt");
        int limit = parameters.integer("limit", ComplaintQuery.DEFAULT_LIMIT, 1, ComplaintQuery.MAX_LIMIT);
        ComplaintQuery query = new ComplaintQuery(jurisdiction.jurisdiction().id(), ticket, phone, statuses,
                parameters.list("category", MAX_VALUE_LENGTH), parameters.list("department", MAX_VALUE_LENGTH),
                parameters.list("kecamatan", MAX_VALUE_LENGTH), parameters.list("crew", MAX_VALUE_LENGTH),
                // a limit out of range is an error already; clamped only so that the query can be built meanwhile
                from, to, ascending, null, Math.max(1, Math.min(limit, ComplaintQuery.MAX_LIMIT)), zone);
        SearchCursor cursor = parameters.text("cursor").map(text -> {
            Optional<SearchCursor> decoded = SearchCursor.decode(text);
            if (decoded.isEmpty()) {
                parameters.error("cursor", "is not a cursor of this API; use a page's nextCursor as it is");
                return null;
            }
            if (!decoded.get().fingerprint().equals(query.fingerprint())) {
                parameters.error("cursor", "belongs to a search with other filters or another sort;"
                        + " start again without a cursor");
                return null;
            }
            return decoded.get();
        }).orElse(null);
        parameters.throwIfInvalid();
        try {
            ctx.json(search.find(cursor == null ? query : query.after(cursor)));
        } catch (SQLException e) {
            throw unavailable("complaint search", e);
        }
    }

    private void report(Context ctx) {
        String dimensionName = ctx.pathParam("dimension");
        ReportDimension dimension = ReportDimension.fromWireName(dimensionName).orElseThrow(() ->
                ProblemException.badRequest("/dimension", "must be one of department, category, crew, kecamatan,"
                        + " was '" + dimensionName + "'"));
        QueryParameters parameters = new QueryParameters(ctx.queryParamMap(), REPORT_PARAMETERS, Map.of());
        ReferenceData jurisdiction = jurisdiction(parameters, Access.principal(ctx));
        ZoneId zone = jurisdiction.jurisdiction().timeZone();
        ReportPeriod period = ReportPeriod.fromWireName(parameters.choice("period", List.of("day", "week", "month"), "day"))
                .orElseThrow();
        String format = parameters.choice("format", List.of("json", "csv"), "json");
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate to = parameters.date("to", today);
        LocalDate from = parameters.date("from", period.minus(period.startOf(to), DEFAULT_PERIODS.get(period) - 1));
        if (parameters.valid("from") && parameters.valid("to") && to.isBefore(from)) {
            parameters.error("to", "must not be before from");
        }
        parameters.throwIfInvalid();
        ReportQuery query = new ReportQuery(dimension, period, jurisdiction.jurisdiction().id(), zone, from, to,
                clock.instant());
        if (query.periodCount() > ReportQuery.MAX_PERIODS) {
            throw ProblemException.badRequest("/from", "the range holds more than " + ReportQuery.MAX_PERIODS
                    + " " + period.wireName() + " periods; choose a shorter range or a longer period");
        }
        Report report;
        try {
            report = reports.read(query);
        } catch (SQLException e) {
            throw unavailable(dimension.wireName() + " report", e);
        }
        if (format.equals("csv")) {
            String file = "siaga-%s-%s-%s-%s-%s.csv".formatted(report.jurisdiction(), report.dimension(), report.period(),
                    report.from(), report.to());
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                    .result(ReportCsv.write(report));
        } else {
            ctx.json(report);
        }
    }

    /** The jurisdiction asked for, by default the user's own; another than the user's own is a 403. */
    private ReferenceData jurisdiction(QueryParameters parameters, Principal principal) {
        Optional<String> id = parameters.text("jurisdiction");
        Optional<ReferenceData> found = reference.find(id.orElse(principal.jurisdiction()));
        if (found.isEmpty()) {
            parameters.error("jurisdiction", "must be one of " + reference.list().stream()
                    .map(data -> data.jurisdiction().id()).toList() + ", was '" + id.orElse(principal.jurisdiction()) + "'");
            return reference.primary();
        }
        principal.requireJurisdiction(found.get().jurisdiction().id(), "jurisdiction " + found.get().jurisdiction().id());
        return found.get();
    }

    private ZoneId zoneOf(String jurisdiction) {
        return reference.find(jurisdiction).orElse(reference.primary()).jurisdiction().timeZone();
    }

    private static ComplaintStatus parseStatus(QueryParameters parameters, String status) {
        for (ComplaintStatus candidate : ComplaintStatus.values()) {
            if (candidate.wireName().equals(status)) {
                return candidate;
            }
        }
        parameters.error("status", "values must be among " + Arrays.stream(ComplaintStatus.values())
                .map(ComplaintStatus::wireName).toList() + ", was '" + status + "'");
        return null;
    }

    // a database that does not answer (or is not migrated yet) is a 503; any other SQL failure is a bug: a 500
    private static RuntimeException unavailable(String what, SQLException e) {
        if (ConnectionFailures.isConnectionFailure(e) || "42P01".equals(e.getSQLState())) {
            log.warn("{} unavailable: SQLState {}", what, e.getSQLState());
            return ProblemException.unavailable("the archive database does not answer; try again shortly");
        }
        return new IllegalStateException(what + " failed", e);
    }
}
