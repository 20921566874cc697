package siaga.archive;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.archive.timeline.TimelineReader;
import siaga.runtime.http.ProblemException;

/**
 * The archive's HTTP API for operators. {@code GET /api/complaints/{id}/timeline}: 200 with the
 * {@link siaga.archive.timeline.Timeline} (reporter included), 400 when {@code id} is not a UUID, 404 when
 * nothing is archived for it, 503 when the database does not answer.
 */
public final class ArchiveRoutes {
    public static final String TIMELINE = "/api/complaints/{id}/timeline";
    private static final Logger log = LoggerFactory.getLogger(ArchiveRoutes.class);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final TimelineReader timelines;

    public ArchiveRoutes(TimelineReader timelines) {
        this.timelines = timelines;
    }

    public void register(Javalin app) {
        app.get(TIMELINE, this::timeline);
    }

    private void timeline(Context ctx) {
        String id = ctx.pathParam("id");
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badRequest("/id", "must be a complaint id (a UUID), was '" + id + "'");
        }
        UUID complaintId = UUID.fromString(id);
        try {
            ctx.json(timelines.find(complaintId).orElseThrow(() ->
                    ProblemException.notFound("no event of complaint " + complaintId + " is archived")));
        } catch (SQLException e) {
            log.warn("timeline of {} unavailable: SQLState {}", complaintId, e.getSQLState());
            throw ProblemException.unavailable("the archive database does not answer; try again shortly");
        }
    }
}
