package siaga.archive.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import siaga.archive.LocalTimes;
import siaga.archive.complaint.ComplaintStatus;

/**
 * Searches {@code complaint_state}: the complaints of one jurisdiction whose report is archived, filtered,
 * sorted by {@code reported_at} (then id, so the order is total) and cut into pages by keyset: a page starts
 * after the sort key of the last row of the one before, so pages neither skip nor repeat a complaint while new
 * ones are archived, and a deep page costs what the first does. Each filter has an index leading with the
 * jurisdiction and ending with the sort key. Thread-safe: every call takes its own connection.
 */
public final class ComplaintSearch {
    private static final String COLUMNS = "complaint_id, ticket, status, category, department, district, priority,"
            + " crew_id, reported_at, dispatched_at, acknowledged_at, en_route_at, on_scene_at, resolved_at, closed_at,"
            + " cancelled_at, merged_into, notes, escalations, declines, updated_at";

    private final DataSource dataSource;

    public ComplaintSearch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ComplaintPage find(ComplaintQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS
                + " from complaint_state where jurisdiction = ? and reported_at is not null");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.jurisdiction());
        if (query.ticket() != null) {
            sql.append(" and ticket = ?");
            parameters.add(query.ticket());
        }
        if (query.phone() != null) {
            sql.append(" and reporter_phone = ?");
            parameters.add(query.phone());
        }
        anyOf(sql, parameters, "status", query.statuses().stream().map(ComplaintStatus::wireName).toList());
        anyOf(sql, parameters, "category", query.categories());
        anyOf(sql, parameters, "department", query.departments());
        anyOf(sql, parameters, "district", query.districts());
        anyOf(sql, parameters, "crew_id", query.crews());
        if (query.from() != null) {
            sql.append(" and reported_at >= ?");
            parameters.add(utc(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and reported_at < ?");
            parameters.add(utc(query.to()));
        }
        String direction = query.ascending() ? "asc" : "desc";
        if (query.after() != null) {
            sql.append(query.ascending() ? " and (reported_at, complaint_id) > (?, ?)" : " and (reported_at, complaint_id) < (?, ?)");
            parameters.add(utc(query.after().reportedAt()));
            parameters.add(query.after().complaintId());
        }
        sql.append(" order by reported_at ").append(direction).append(", complaint_id ").append(direction)
                .append(" limit ?");
        // one more than the page: whether it exists says whether there is a next page
        parameters.add(query.limit() + 1);

        List<ComplaintPage.Summary> items = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof List<?> list) {
                    s.setArray(i + 1, c.createArrayOf("text", list.toArray()));
                } else if (value instanceof OffsetDateTime time) {
                    s.setObject(i + 1, time, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    s.setObject(i + 1, value);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(summary(rs, query.zone()));
                }
            }
        }
        String next = null;
        if (items.size() > query.limit()) {
            items = items.subList(0, query.limit());
            ComplaintPage.Summary last = items.get(items.size() - 1);
            next = new SearchCursor(last.reportedAt(), last.complaintId(), query.fingerprint()).encode();
        }
        return new ComplaintPage(query.jurisdiction(), query.zone().getId(), query.ascending() ? "reportedAt" : "-reportedAt",
                query.limit(), items, next);
    }

    // one value compares with =, which keeps the index's order; several with = any, which may not
    private static void anyOf(StringBuilder sql, List<Object> parameters, String column, List<String> values) {
        if (values.size() == 1) {
            sql.append(" and ").append(column).append(" = ?");
            parameters.add(values.get(0));
        } else if (!values.isEmpty()) {
            sql.append(" and ").append(column).append(" = any(?)");
            parameters.add(values);
        }
    }

    private static ComplaintPage.Summary summary(ResultSet rs, ZoneId zone) throws SQLException {
        Instant reported = instant(rs, "reported_at");
        Instant dispatched = instant(rs, "dispatched_at");
        Instant acknowledged = instant(rs, "acknowledged_at");
        Instant enRoute = instant(rs, "en_route_at");
        Instant onScene = instant(rs, "on_scene_at");
        Instant resolved = instant(rs, "resolved_at");
        Instant closed = instant(rs, "closed_at");
        Instant cancelled = instant(rs, "cancelled_at");
        Instant updated = instant(rs, "updated_at");
        return new ComplaintPage.Summary(rs.getObject("complaint_id", UUID.class), rs.getString("ticket"),
                rs.getString("status"), rs.getString("category"), rs.getString("department"), rs.getString("district"),
                rs.getObject("priority", Integer.class), rs.getString("crew_id"),
                reported, LocalTimes.format(reported, zone),
                dispatched, LocalTimes.format(dispatched, zone),
                acknowledged, LocalTimes.format(acknowledged, zone),
                enRoute, LocalTimes.format(enRoute, zone),
                onScene, LocalTimes.format(onScene, zone),
                resolved, LocalTimes.format(resolved, zone),
                closed, LocalTimes.format(closed, zone),
                cancelled, LocalTimes.format(cancelled, zone),
                rs.getString("merged_into"), rs.getInt("notes"), rs.getInt("escalations"), rs.getInt("declines"),
                updated, LocalTimes.format(updated, zone));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
