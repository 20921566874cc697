package siaga.archive.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import siaga.archive.LocalTimes;
import siaga.contracts.Json;
import siaga.contracts.Topics;

/** Reads complaint timelines from the archive. Thread-safe: every call takes its own connection. */
public final class TimelineReader {
    private static final List<String> LIFECYCLE_TOPICS =
            List.of(Topics.COMPLAINTS.name(), Topics.DISPATCH.name(), Topics.FIELD.name());

    private final DataSource dataSource;

    public TimelineReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The lifecycle of {@code complaintId} (its events on complaints, dispatch and field), or empty when none
     * is archived. SLA verdicts are archived too but are not lifecycle steps; the SLA monitor serves them.
     * Events that happened at the same instant are ordered by topic (complaints, dispatch, field: the
     * lifecycle's own order), then by offset. Local times are shown in {@code zoneOf} the complaint's jurisdiction.
     */
    public Optional<Timeline> find(UUID complaintId, Function<String, ZoneId> zoneOf) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            // one snapshot for the events and the state, so that the status matches the events shown
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                List<Row> rows = events(c, complaintId);
                if (rows.isEmpty()) {
                    return Optional.empty();
                }
                ZoneId zone = zoneOf.apply(rows.get(0).jurisdiction());
                List<Timeline.Entry> events = rows.stream().map(row -> row.entry(zone)).toList();
                String ticket = null;
                String status = null;
                try (PreparedStatement s = c.prepareStatement(
                        "select ticket, status from complaint_state where complaint_id = ?")) {
                    s.setObject(1, complaintId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            ticket = rs.getString(1);
                            status = rs.getString(2);
                        }
                    }
                }
                return Optional.of(new Timeline(complaintId, rows.get(0).jurisdiction(), ticket, status, zone.getId(), events));
            } finally {
                c.rollback();
            }
        }
    }

    private record Row(UUID eventId, String type, Instant occurredAt, String jurisdiction, Timeline.Actor actor,
                       JsonNode data) {
        Timeline.Entry entry(ZoneId zone) {
            return new Timeline.Entry(eventId, type, occurredAt, LocalTimes.format(occurredAt, zone), actor, data);
        }
    }

    private static List<Row> events(Connection c, UUID complaintId) throws SQLException {
        List<Row> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select event_id, type, occurred_at, jurisdiction, actor_role,"
                + " actor_id, payload -> 'data' from events where complaint_id = ? and topic = any(?)"
                + " order by occurred_at, topic, \"offset\"")) {
            s.setObject(1, complaintId);
            s.setArray(2, c.createArrayOf("text", LIFECYCLE_TOPICS.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new Row(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getString(4),
                            new Timeline.Actor(rs.getString(5), rs.getString(6)),
                            json(rs.getString(7))));
                }
            }
        }
        return events;
    }

    private static JsonNode json(String text) throws SQLException {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("archived payload is not JSON", e);
        }
    }
}
