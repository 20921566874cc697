package siaga.fieldcrew;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import siaga.contracts.ActorRole;
import siaga.contracts.GeoPoint;
import siaga.contracts.events.JobDeclined;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.access.Access;
import siaga.runtime.access.Principal;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.Http;
import siaga.runtime.http.ProblemException;

/**
 * The crews' HTTP API. A crew lead signs in as their crew (a user of role crew with a {@code crewId} in the
 * reference data) and speaks only for that crew: the crew comes from the session, never from the body or the
 * path, so the crew's own resources live under {@code /api/crews/me/...} and a job of another crew is a 403.
 * <ul>
 *   <li>{@code POST /api/crews/me/shift} {@code {"action":"start"|"end", "location":{"lat","lon"}?,
 *       "membersPresent":["m-1",...]?}} (membersPresent only when starting: the roll call)</li>
 *   <li>{@code GET /api/crews/me/shift}</li>
 *   <li>{@code GET /api/crews/me/jobs}: the crew's open jobs ({@link CrewJobList})</li>
 *   <li>{@code POST /api/crews/me/location} {@code {"lat","lon","accuracyMetres","deviceTime"?}}: 200 with
 *       {@code "written":true}, or 202 with {@code "written":false} when throttled ({@link LocationReports})</li>
 *   <li>{@code GET /api/attendance?date=YYYY-MM-DD&department=DLH[&jurisdiction=madiun]} ({@link AttendanceReport}),
 *       managers and inspectors of that jurisdiction (default: their own); date defaults to today in its zone</li>
 *   <li>{@code POST /api/jobs/{complaintId}/ack|en-route|on-scene} {@code {}}</li>
 *   <li>{@code POST /api/jobs/{complaintId}/resolve} {@code {"note","photoUrl"?}}</li>
 *   <li>{@code POST /api/jobs/{complaintId}/decline} {@code {"reason","note"?}}, reason one of
 *       {@link JobDeclined#REASONS}</li>
 *   <li>{@code POST /api/jobs/{complaintId}/cannot-fix} {@code {"neededDepartment","reason"}}</li>
 *   <li>{@code GET /api/jobs/{complaintId}}: the job with its timeline in device-time order, to the crew it is
 *       assigned to and to operators, managers and inspectors of its jurisdiction</li>
 * </ul>
 * Every transition body may also carry {@code "eventId"} (a UUID the phone made; a retry with it is answered as
 * the first request was and writes nothing) and {@code "deviceTime"} (an ISO instant; see {@link DeviceStamp}).
 * Bodies are read as strict UTF-8 and checked field by field, and every bad field is named by JSON pointer in
 * one 400 problem; nothing is written for a bad request.
 */
final class FieldCrewRoutes {
    static final String SHIFT = "/api/crews/me/shift";
    static final String CREW_JOBS = "/api/crews/me/jobs";
    static final String LOCATION = "/api/crews/me/location";
    static final String ATTENDANCE = "/api/attendance";
    static final String JOB = "/api/jobs/{complaintId}";

    private static final Roles CREW = Roles.of(ActorRole.CREW);
    private static final Roles SUPERVISORS = Roles.of(ActorRole.MANAGER, ActorRole.INSPECTOR);
    private static final Roles JOB_READERS = Roles.of(ActorRole.CREW, ActorRole.OPERATOR, ActorRole.MANAGER,
            ActorRole.INSPECTOR);
    private static final int MAX_ID = 100;
    private static final int MAX_TEXT = 2000;
    private static final Set<String> STAMP_FIELDS = Set.of("eventId", "deviceTime");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    record ShiftResponse(String crewId, boolean onShift, String jurisdiction, String department, GeoPoint location,
                         Instant since, List<String> membersPresent) {
        static ShiftResponse of(Shift shift) {
            return new ShiftResponse(shift.crewId(), shift.onShift(), shift.jurisdiction(), shift.department(),
                    shift.location(), shift.since(), shift.membersPresent());
        }

        static ShiftResponse neverReported(RollCall.Rostered rostered) {
            return new ShiftResponse(rostered.crew().id(), false, rostered.jurisdiction().jurisdiction().id(),
                    rostered.crew().department(), null, null, List.of());
        }
    }

    /** The answer to a transition; a retry with the same event id gets the same one. */
    record JobResponse(String complaintId, String crewId, JobStatus status, UUID eventId) {
        static JobResponse of(JobTransitions.Outcome outcome, String crewId) {
            return new JobResponse(outcome.job().complaintId(), crewId, outcome.reached(), outcome.eventId());
        }
    }

    record JobDetails(String complaintId, String crewId, String jurisdiction, String department, JobStatus status,
                      List<JobStatus> allowedNextStates, boolean escalated, List<Job.Step> history) {
        static JobDetails of(Job job) {
            return new JobDetails(job.complaintId(), job.crewId(), job.jurisdiction(), job.department(), job.status(),
                    job.status().allowedNext(), job.escalated(), job.history());
        }
    }

    @FunctionalInterface
    private interface Transition {
        JobTransitions.Outcome apply(String complaintId, String crewId, JsonNode body, DeviceStamp stamp);
    }

    private final ReferenceCatalog reference;
    private final RollCall rollCall;
    private final JobTransitions jobs;
    private final LocationReports locations;
    private final FieldCrewViews views;
    private final Clock clock;

    FieldCrewRoutes(ReferenceCatalog reference, RollCall rollCall, JobTransitions jobs, LocationReports locations,
                    FieldCrewViews views, Clock clock) {
        this.reference = reference;
        this.rollCall = rollCall;
        this.jobs = jobs;
        this.locations = locations;
        this.views = views;
        this.clock = clock;
    }

    void register(RouteTable routes) {
        routes.post(SHIFT, CREW, this::changeShift);
        routes.get(SHIFT, CREW, this::getShift);
        routes.get(CREW_JOBS, CREW, this::listCrewJobs);
        routes.post(LOCATION, CREW, this::reportLocation);
        routes.get(ATTENDANCE, SUPERVISORS, this::getAttendance);
        routes.get(JOB, JOB_READERS, this::getJob);
        transition(routes, "ack", Set.of(), (id, crew, body, stamp) -> jobs.acknowledge(id, crew, stamp));
        transition(routes, "en-route", Set.of(), (id, crew, body, stamp) -> jobs.enRoute(id, crew, stamp));
        transition(routes, "on-scene", Set.of(), (id, crew, body, stamp) -> jobs.onScene(id, crew, stamp));
        transition(routes, "resolve", Set.of("note", "photoUrl"), (id, crew, body, stamp) ->
                jobs.resolve(id, crew, body.get("note").asText(), optionalText(body, "photoUrl"), stamp));
        transition(routes, "decline", Set.of("reason", "note"), (id, crew, body, stamp) ->
                jobs.decline(id, crew, body.get("reason").asText(), optionalText(body, "note"), stamp));
        transition(routes, "cannot-fix", Set.of("neededDepartment", "reason"), (id, crew, body, stamp) ->
                jobs.cannotFix(id, crew, body.get("neededDepartment").asText(), body.get("reason").asText(), stamp));
    }

    /** A crew's job to that crew, and any job of their jurisdiction to its operators, managers and inspectors. */
    private void getJob(Context ctx) {
        Principal principal = Access.principal(ctx);
        Job job = jobs.getJob(ctx.pathParam("complaintId"));
        if (principal.role() == ActorRole.CREW) {
            if (!job.crewId().equals(principal.requireCrew())) {
                throw ProblemException.forbidden("complaint " + job.complaintId() + " is not assigned to your crew");
            }
        } else {
            principal.requireJurisdiction(job.jurisdiction(), "the job of complaint " + job.complaintId());
        }
        ctx.json(JobDetails.of(job));
    }

    /** {@code POST /api/jobs/{complaintId}/<action>} by the signed-in crew, with the stamp and {@code fields} in the body. */
    private void transition(RouteTable routes, String action, Set<String> fields, Transition transition) {
        routes.post(JOB + "/" + action, CREW, ctx -> {
            String crewId = Access.principal(ctx).requireCrew();
            JsonNode body = Http.jsonBody(ctx);
            List<FieldError> errors = new ArrayList<>();
            Set<String> known = new HashSet<>(fields);
            known.addAll(STAMP_FIELDS);
            onlyFields(body, "", known, errors);
            switch (action) {
                case "resolve" -> {
                    text(body, "note", MAX_TEXT, errors);
                    photoUrl(body, errors);
                }
                case "decline" -> {
                    String reason = text(body, "reason", MAX_ID, errors);
                    if (reason != null && !JobDeclined.REASONS.contains(reason)) {
                        errors.add(new FieldError("/reason", "must be one of " + JobDeclined.REASONS.stream().sorted().toList()));
                    }
                    if (present(body, "note")) {
                        text(body, "note", MAX_TEXT, errors);
                    }
                }
                case "cannot-fix" -> {
                    text(body, "neededDepartment", 40, errors);
                    text(body, "reason", MAX_TEXT, errors);
                }
                default -> {
                }
            }
            DeviceStamp stamp = stamp(body, errors);
            rejectIfAny(errors);
            JobTransitions.Outcome outcome = transition.apply(ctx.pathParam("complaintId"), crewId, body, stamp);
            ctx.json(JobResponse.of(outcome, crewId));
        });
    }

    private void changeShift(Context ctx) {
        String crewId = rollCall.getCrew(Access.principal(ctx).requireCrew()).crew().id();
        JsonNode body = Http.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        onlyFields(body, "", Set.of("action", "location", "membersPresent"), errors);
        String action = text(body, "action", 10, errors);
        if (action != null && !action.equals("start") && !action.equals("end")) {
            errors.add(new FieldError("/action", "must be \"start\" or \"end\""));
        }
        GeoPoint location = point(body.get("location"), errors);
        if (location != null && "end".equals(action)) {
            errors.add(new FieldError("/location", "is only given when starting a shift"));
        }
        List<String> members = members(body.get("membersPresent"), errors);
        if (!members.isEmpty() && "end".equals(action)) {
            errors.add(new FieldError("/membersPresent", "is only given when starting a shift"));
        }
        rejectIfAny(errors);
        Shift shift = action.equals("start") ? rollCall.start(crewId, location, members) : rollCall.end(crewId);
        ctx.json(ShiftResponse.of(shift));
    }

    private void getShift(Context ctx) {
        RollCall.Rostered rostered = rollCall.getCrew(Access.principal(ctx).requireCrew());
        ctx.json(rollCall.findShift(rostered.crew().id())
                .map(ShiftResponse::of)
                .orElseGet(() -> ShiftResponse.neverReported(rostered)));
    }

    private void listCrewJobs(Context ctx) {
        String crewId = rollCall.getCrew(Access.principal(ctx).requireCrew()).crew().id();
        List<Job> open = views.listOpenJobIds(crewId).stream()
                .flatMap(id -> views.findJob(id).stream())
                .filter(job -> job.crewId().equals(crewId) && job.status().isOpen())
                .toList();
        ctx.json(CrewJobList.of(crewId, open, reference, views::findComplaint));
    }

    private void reportLocation(Context ctx) {
        String crewId = rollCall.getCrew(Access.principal(ctx).requireCrew()).crew().id();
        JsonNode body = Http.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        onlyFields(body, "", Set.of("lat", "lon", "accuracyMetres", "deviceTime"), errors);
        Double lat = number(body, "", "lat", -90, 90, errors);
        Double lon = number(body, "", "lon", -180, 180, errors);
        Double accuracy = number(body, "", "accuracyMetres", 0, 100_000, errors);
        Instant deviceTime = deviceTime(body, errors);
        rejectIfAny(errors);
        LocationReports.Outcome outcome = locations.report(crewId, new GeoPoint(lat, lon), accuracy,
                new DeviceStamp(null, deviceTime));
        ctx.status(outcome.written() ? 200 : 202).json(outcome);
    }

    private void getAttendance(Context ctx) {
        Principal principal = Access.principal(ctx);
        List<FieldError> errors = new ArrayList<>();
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Set.of("date", "department", "jurisdiction").contains(name)) {
                errors.add(new FieldError("/" + name, "is not a known query parameter; expected date, department, jurisdiction"));
            }
        }
        String jurisdictionId = ctx.queryParam("jurisdiction");
        ReferenceData data = reference.find(jurisdictionId == null ? principal.jurisdiction() : jurisdictionId).orElse(null);
        if (data == null) {
            errors.add(new FieldError("/jurisdiction", "is not a configured jurisdiction"));
        }
        String department = ctx.queryParam("department");
        if (department == null || department.isBlank()) {
            errors.add(new FieldError("/department", "is required"));
        } else if (data != null && data.departments().stream().noneMatch(d -> d.code().equals(department))) {
            errors.add(new FieldError("/department", "must be a department of " + data.jurisdiction().name() + ": "
                    + String.join(", ", data.departments().stream().map(ReferenceData.Department::code).toList())));
        }
        LocalDate date = null;
        String dateText = ctx.queryParam("date");
        if (dateText == null) {
            date = data == null ? null : LocalDate.ofInstant(clock.instant(), data.jurisdiction().timeZone());
        } else {
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("/date", "must be a date such as 2025-03-04"));
            }
        }
        rejectIfAny(errors);
        principal.requireJurisdiction(data.jurisdiction().id(), "the attendance of " + data.jurisdiction().name());
        ctx.json(AttendanceReport.of(data, department, date, views::findCrewDay));
    }

    private DeviceStamp stamp(JsonNode body, List<FieldError> errors) {
        UUID eventId = null;
        if (present(body, "eventId")) {
            JsonNode node = body.get("eventId");
            if (node.isTextual() && UUID_TEXT.matcher(node.asText()).matches()) {
                eventId = UUID.fromString(node.asText());
            } else {
                errors.add(new FieldError("/eventId", "must be a UUID such as 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a"));
            }
        }
        return new DeviceStamp(eventId, deviceTime(body, errors));
    }

    /** The optional device time, checked against the server's clock; null when absent or bad (with an error). */
    private Instant deviceTime(JsonNode body, List<FieldError> errors) {
        if (!present(body, "deviceTime")) {
            return null;
        }
        JsonNode node = body.get("deviceTime");
        Instant deviceTime;
        try {
            deviceTime = node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            deviceTime = null;
        }
        if (deviceTime == null) {
            errors.add(new FieldError("/deviceTime", "must be an ISO-8601 instant such as 2025-03-04T02:00:00Z"));
            return null;
        }
        String outOfRange = DeviceStamp.outOfRange(deviceTime, clock.instant());
        if (outOfRange != null) {
            errors.add(new FieldError("/deviceTime", outOfRange));
            return null;
        }
        return deviceTime;
    }

    private static void photoUrl(JsonNode body, List<FieldError> errors) {
        if (!present(body, "photoUrl")) {
            return;
        }
        String url = text(body, "photoUrl", MAX_TEXT, errors);
        if (url != null) {
            try {
                URI uri = new URI(url);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    errors.add(new FieldError("/photoUrl", "must be an http or https URL"));
                }
            } catch (URISyntaxException e) {
                errors.add(new FieldError("/photoUrl", "must be an http or https URL"));
            }
        }
    }

    private static List<String> members(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("/membersPresent", "must be an array of member ids"));
            return List.of();
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode member = node.get(i);
            if (!member.isTextual() || member.asText().isBlank() || member.asText().length() > MAX_ID) {
                errors.add(new FieldError("/membersPresent/" + i, "must be a member id"));
            } else {
                members.add(member.asText());
            }
        }
        return members;
    }

    private static boolean present(JsonNode body, String name) {
        return body.has(name) && !body.get(name).isNull();
    }

    private static String optionalText(JsonNode body, String name) {
        return present(body, name) ? body.get(name).asText() : null;
    }

    private static void onlyFields(JsonNode object, String at, Set<String> known, List<FieldError> errors) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(at + "/" + name, "unknown field '" + name + "'"));
            }
        }
    }

    /** A required, non-blank text of at most {@code maxLength} characters; null (and an error) otherwise. */
    private static String text(JsonNode body, String name, int maxLength, List<FieldError> errors) {
        JsonNode node = body.get(name);
        String pointer = "/" + name;
        if (node == null || node.isNull()) {
            errors.add(new FieldError(pointer, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(pointer, "must be a string"));
            return null;
        }
        String value = node.asText();
        if (value.isBlank()) {
            errors.add(new FieldError(pointer, "must not be blank"));
            return null;
        }
        if (value.length() > maxLength) {
            errors.add(new FieldError(pointer, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    /** An optional {@code location}: absent or null gives null; otherwise both coordinates, in range. */
    private static GeoPoint point(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("/location", "must be an object with lat and lon"));
            return null;
        }
        onlyFields(node, "/location", Set.of("lat", "lon"), errors);
        Double lat = number(node, "/location", "lat", -90, 90, errors);
        Double lon = number(node, "/location", "lon", -180, 180, errors);
        return lat == null || lon == null ? null : new GeoPoint(lat, lon);
    }

    /** A required number in [min, max] at {@code at/name}; null (and an error) otherwise. */
    private static Double number(JsonNode object, String at, String name, double min, double max, List<FieldError> errors) {
        JsonNode node = object.get(name);
        String pointer = at + "/" + name;
        if (node == null || !node.isNumber()) {
            errors.add(new FieldError(pointer, "is required and must be a number"));
            return null;
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            errors.add(new FieldError(pointer, "must be between " + min + " and " + max));
            return null;
        }
        return value;
    }

    private static void rejectIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            List<String> each = errors.stream().map(e -> e.pointer() + " " + e.message()).toList();
            throw ProblemException.badRequest(String.join("; ", each), errors);
        }
    }
}
