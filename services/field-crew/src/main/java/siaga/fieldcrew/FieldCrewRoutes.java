package siaga.fieldcrew;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import siaga.contracts.GeoPoint;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.Http;
import siaga.runtime.http.ProblemException;

/**
 * The crews' HTTP API. Sign-in and roles come later: until then a crew names itself in the body, and only the
 * crew a job is assigned to may move it on.
 * <ul>
 *   <li>{@code POST /api/crews/{crewId}/shift} {@code {"action":"start"|"end", "location":{"lat","lon"}?}}</li>
 *   <li>{@code GET /api/crews/{crewId}/shift}</li>
 *   <li>{@code POST /api/jobs/{complaintId}/ack} {@code {"crewId"}}</li>
 *   <li>{@code POST /api/jobs/{complaintId}/resolve} {@code {"crewId","note"}}</li>
 *   <li>{@code GET /api/jobs/{complaintId}}</li>
 * </ul>
 * Bodies are checked field by field and every bad field is named by JSON pointer in one 400 problem; nothing is
 * written for a bad request.
 */
final class FieldCrewRoutes {
    static final String SHIFT = "/api/crews/{crewId}/shift";
    static final String JOB = "/api/jobs/{complaintId}";
    static final String ACK = "/api/jobs/{complaintId}/ack";
    static final String RESOLVE = "/api/jobs/{complaintId}/resolve";

    private static final int MAX_ID = 100;
    private static final int MAX_NOTE = 2000;

    record ShiftResponse(String crewId, boolean onShift, String jurisdiction, String department, GeoPoint location,
                         Instant since) {
        static ShiftResponse of(Shift shift) {
            return new ShiftResponse(shift.crewId(), shift.onShift(), shift.jurisdiction(), shift.department(),
                    shift.location(), shift.since());
        }

        static ShiftResponse neverReported(RollCall.Rostered rostered) {
            return new ShiftResponse(rostered.crew().id(), false, rostered.jurisdiction().jurisdiction().id(),
                    rostered.crew().department(), null, null);
        }
    }

    record JobResponse(String complaintId, String crewId, JobStatus status) {
    }

    record JobDetails(String complaintId, String crewId, String jurisdiction, String department, JobStatus status,
                      List<JobStatus> allowedNextStates, List<Job.Step> history) {
        static JobDetails of(Job job) {
            return new JobDetails(job.complaintId(), job.crewId(), job.jurisdiction(), job.department(), job.status(),
                    job.status().allowedNext(), job.history());
        }
    }

    private final RollCall rollCall;
    private final JobTransitions jobs;

    FieldCrewRoutes(RollCall rollCall, JobTransitions jobs) {
        this.rollCall = rollCall;
        this.jobs = jobs;
    }

    void register(Javalin app) {
        app.post(SHIFT, this::changeShift);
        app.get(SHIFT, this::getShift);
        app.post(ACK, this::acknowledge);
        app.post(RESOLVE, this::resolve);
        app.get(JOB, ctx -> ctx.json(JobDetails.of(jobs.getJob(ctx.pathParam("complaintId")))));
    }

    private void changeShift(Context ctx) {
        String crewId = ctx.pathParam("crewId");
        rollCall.getCrew(crewId);
        JsonNode body = Http.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        onlyFields(body, "", Set.of("action", "location"), errors);
        String action = text(body, "action", 10, errors);
        if (action != null && !action.equals("start") && !action.equals("end")) {
            errors.add(new FieldError("/action", "must be \"start\" or \"end\""));
        }
        GeoPoint location = point(body.get("location"), errors);
        if (location != null && "end".equals(action)) {
            errors.add(new FieldError("/location", "is only given when starting a shift"));
        }
        rejectIfAny(errors);
        Shift shift = action.equals("start") ? rollCall.start(crewId, location) : rollCall.end(crewId);
        ctx.json(ShiftResponse.of(shift));
    }

    private void getShift(Context ctx) {
        RollCall.Rostered rostered = rollCall.getCrew(ctx.pathParam("crewId"));
        ctx.json(rollCall.findShift(rostered.crew().id())
                .map(ShiftResponse::of)
                .orElseGet(() -> ShiftResponse.neverReported(rostered)));
    }

    private void acknowledge(Context ctx) {
        JsonNode body = Http.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        onlyFields(body, "", Set.of("crewId"), errors);
        String crewId = text(body, "crewId", MAX_ID, errors);
        rejectIfAny(errors);
        Job job = jobs.acknowledge(ctx.pathParam("complaintId"), crewId);
        ctx.json(new JobResponse(job.complaintId(), crewId, job.status()));
    }

    private void resolve(Context ctx) {
        JsonNode body = Http.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        onlyFields(body, "", Set.of("crewId", "note"), errors);
        String crewId = text(body, "crewId", MAX_ID, errors);
        String note = text(body, "note", MAX_NOTE, errors);
        rejectIfAny(errors);
        Job job = jobs.resolve(ctx.pathParam("complaintId"), crewId, note);
        ctx.json(new JobResponse(job.complaintId(), crewId, job.status()));
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
        Double lat = coordinate(node, "lat", 90, errors);
        Double lon = coordinate(node, "lon", 180, errors);
        return lat == null || lon == null ? null : new GeoPoint(lat, lon);
    }

    private static Double coordinate(JsonNode location, String name, double limit, List<FieldError> errors) {
        JsonNode node = location.get(name);
        String pointer = "/location/" + name;
        if (node == null || !node.isNumber()) {
            errors.add(new FieldError(pointer, "is required and must be a number"));
            return null;
        }
        double value = node.asDouble();
        if (value < -limit || value > limit) {
            errors.add(new FieldError(pointer, "must be between " + -limit + " and " + limit));
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
