package siaga.archive.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import siaga.archive.complaint.ComplaintState;
import siaga.archive.complaint.ComplaintStatus;
import siaga.archive.ingest.ArchiveBatch.ArchivedDeadLetter;
import siaga.archive.ingest.ArchiveBatch.ArchivedEvent;
import siaga.contracts.Json;

/**
 * Writes a batch to PostgreSQL in one transaction: its events, the complaint states they change, its dead
 * letters, and the next offset of every partition it came from. Either all of it is committed or none, so the
 * stored offsets always say exactly how far the stored data goes.
 *
 * <p>Offsets are fenced: a partition's offset is only advanced from the value the caller last read or wrote,
 * so an instance that lost a partition in a rebalance without noticing cannot archive it a second time (the
 * write fails with {@link OffsetConflictException}). Events are inserted with {@code ON CONFLICT (event_id)
 * DO NOTHING} as a second guard, and only newly inserted events are folded into complaint states, which are
 * locked per complaint so that two instances reading different topics of one complaint do not lose an update.
 *
 * <p>Thread-safe: every call takes its own connection.
 */
public final class ArchiveWriter {
    private static final int ROWS_PER_INSERT = 250;
    // the advisory-lock class of complaint_state rows; any fixed number not used elsewhere in the database
    private static final int COMPLAINT_LOCK_CLASS = 7_451_001;
    private static final String EVENT_COLUMNS = "event_id, type, schema_version, occurred_at, jurisdiction, subject_id,"
            + " complaint_id, crew_id, actor_role, actor_id, correlation_id, topic, partition, \"offset\", payload, archived_at";
    private static final String EVENT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    private static final String STATE_COLUMNS = "complaint_id, ticket, jurisdiction, category, department, priority, status,"
            + " crew_id, reported_at, dispatched_at, acknowledged_at, resolved_at, updated_at, last_event_id";

    private final DataSource dataSource;

    public ArchiveWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a committed batch changed. {@code duplicateEvents} were archived before and left alone. */
    public record Written(int events, int duplicateEvents, int complaints, int deadLetters) {
    }

    /** The stored next offset of each of {@code partitions} that has one. */
    public Map<TopicPartition, Long> loadOffsets(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select topic, partition, next_offset from consumer_offsets where topic = any(?)")) {
            s.setArray(1, c.createArrayOf("text", partitions.stream().map(TopicPartition::topic).distinct().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    TopicPartition partition = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (partitions.contains(partition)) {
                        offsets.put(partition, rs.getLong(3));
                    }
                }
            }
        }
        return offsets;
    }

    /**
     * Archives {@code batch} and advances each of its partitions from {@code expectedOffsets} (the caller's view
     * of the stored offsets; a partition missing there must have none stored) to the batch's next offset.
     * On any failure the transaction is rolled back and nothing is stored.
     */
    public Written write(ArchiveBatch batch, Map<TopicPartition, Long> expectedOffsets, Instant archivedAt)
            throws SQLException, OffsetConflictException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ArchivedEvent> inserted = insertEvents(c, batch.events(), archivedAt);
                int complaints = foldComplaints(c, inserted);
                insertDeadLetters(c, batch.deadLetters(), archivedAt);
                advanceOffsets(c, batch.nextOffsets(), expectedOffsets);
                c.commit();
                return new Written(inserted.size(), batch.events().size() - inserted.size(), complaints,
                        batch.deadLetters().size());
            } catch (SQLException | OffsetConflictException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    private static List<ArchivedEvent> insertEvents(Connection c, List<ArchivedEvent> events, Instant archivedAt)
            throws SQLException {
        Set<UUID> inserted = new HashSet<>();
        for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
            List<ArchivedEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
            String sql = "insert into events (" + EVENT_COLUMNS + ") values "
                    + String.join(", ", Collections.nCopies(chunk.size(), EVENT_ROW))
                    + " on conflict (event_id) do nothing returning event_id";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int p = 1;
                for (ArchivedEvent e : chunk) {
                    s.setObject(p++, e.event().eventId());
                    s.setString(p++, e.event().type());
                    s.setInt(p++, e.event().schemaVersion());
                    s.setObject(p++, utc(e.event().occurredAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    s.setString(p++, e.event().jurisdiction());
                    s.setString(p++, e.event().subjectId());
                    s.setObject(p++, e.complaintId(), Types.OTHER);
                    s.setString(p++, e.crewId());
                    s.setString(p++, Json.MAPPER.valueToTree(e.event().actor().role()).asText());
                    s.setString(p++, e.event().actor().id());
                    s.setString(p++, e.event().correlationId());
                    s.setString(p++, e.topic());
                    s.setInt(p++, e.partition());
                    s.setLong(p++, e.offset());
                    s.setString(p++, e.envelopeJson());
                    s.setObject(p++, utc(archivedAt), Types.TIMESTAMP_WITH_TIMEZONE);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        }
        // an event twice in one batch is inserted once, so it is folded once
        List<ArchivedEvent> fresh = new ArrayList<>();
        for (ArchivedEvent e : events) {
            if (inserted.remove(e.event().eventId())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    private static int foldComplaints(Connection c, List<ArchivedEvent> events) throws SQLException {
        Map<UUID, List<ArchivedEvent>> byComplaint = new TreeMap<>();
        for (ArchivedEvent e : events) {
            if (e.complaintId() != null && ComplaintState.concerns(e.event())) {
                byComplaint.computeIfAbsent(e.complaintId(), id -> new ArrayList<>()).add(e);
            }
        }
        if (byComplaint.isEmpty()) {
            return 0;
        }
        Array ids = c.createArrayOf("uuid", byComplaint.keySet().toArray());
        // in complaint-id order, so that two writers locking overlapping sets cannot deadlock
        try (PreparedStatement s = c.prepareStatement(
                "select pg_advisory_xact_lock(?, hashtext(id::text)) from unnest(?::uuid[]) as id")) {
            s.setInt(1, COMPLAINT_LOCK_CLASS);
            s.setArray(2, ids);
            s.executeQuery().close();
        }
        Map<UUID, ComplaintState> stored = loadStates(c, ids);
        List<ComplaintState> changed = new ArrayList<>();
        byComplaint.forEach((id, complaintEvents) -> {
            ComplaintState before = stored.getOrDefault(id, ComplaintState.initial(id));
            ComplaintState after = before;
            for (ArchivedEvent e : complaintEvents) {
                after = after.evolve(e.event());
            }
            if (!after.equals(before)) {
                changed.add(after);
            }
        });
        upsertStates(c, changed);
        return changed.size();
    }

    private static Map<UUID, ComplaintState> loadStates(Connection c, Array ids) throws SQLException {
        Map<UUID, ComplaintState> states = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select " + STATE_COLUMNS + " from complaint_state where complaint_id = any(?)")) {
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject("complaint_id", UUID.class);
                    states.put(id, new ComplaintState(id,
                            rs.getString("ticket"),
                            rs.getString("jurisdiction"),
                            rs.getString("category"),
                            rs.getString("department"),
                            rs.getObject("priority", Integer.class),
                            ComplaintStatus.fromWireName(rs.getString("status")),
                            rs.getString("crew_id"),
                            instant(rs, "reported_at"),
                            instant(rs, "dispatched_at"),
                            instant(rs, "acknowledged_at"),
                            instant(rs, "resolved_at"),
                            instant(rs, "updated_at"),
                            rs.getObject("last_event_id", UUID.class)));
                }
            }
        }
        return states;
    }

    private static void upsertStates(Connection c, List<ComplaintState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into complaint_state (" + STATE_COLUMNS + ")"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (complaint_id) do update set ticket = excluded.ticket,"
                + " jurisdiction = excluded.jurisdiction, category = excluded.category,"
                + " department = excluded.department, priority = excluded.priority, status = excluded.status,"
                + " crew_id = excluded.crew_id, reported_at = excluded.reported_at,"
                + " dispatched_at = excluded.dispatched_at, acknowledged_at = excluded.acknowledged_at,"
                + " resolved_at = excluded.resolved_at, updated_at = excluded.updated_at,"
                + " last_event_id = excluded.last_event_id")) {
            for (ComplaintState state : states) {
                s.setObject(1, state.complaintId());
                s.setString(2, state.ticket());
                s.setString(3, state.jurisdiction());
                s.setString(4, state.category());
                s.setString(5, state.department());
                s.setObject(6, state.priority(), Types.SMALLINT);
                s.setString(7, state.status().wireName());
                s.setString(8, state.crewId());
                s.setObject(9, utc(state.reportedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setObject(10, utc(state.dispatchedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setObject(11, utc(state.acknowledgedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setObject(12, utc(state.resolvedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setObject(13, utc(state.updatedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setObject(14, state.lastEventId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void insertDeadLetters(Connection c, List<ArchivedDeadLetter> letters, Instant archivedAt)
            throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into dead_letters (dead_letter_partition,"
                + " dead_letter_offset, source_topic, source_partition, source_offset, record_key, raw_value, reason,"
                + " service, failed_at, archived_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (dead_letter_partition, dead_letter_offset) do nothing")) {
            for (ArchivedDeadLetter letter : letters) {
                s.setInt(1, letter.partition());
                s.setLong(2, letter.offset());
                s.setString(3, letter.sourceTopic());
                s.setObject(4, letter.sourcePartition(), Types.INTEGER);
                s.setObject(5, letter.sourceOffset(), Types.BIGINT);
                s.setString(6, letter.key());
                s.setString(7, letter.rawValue());
                s.setString(8, letter.reason());
                s.setString(9, letter.service());
                s.setObject(10, utc(letter.failedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                s.setObject(11, utc(archivedAt), Types.TIMESTAMP_WITH_TIMEZONE);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void advanceOffsets(Connection c, Map<TopicPartition, Long> nextOffsets,
                                       Map<TopicPartition, Long> expectedOffsets)
            throws SQLException, OffsetConflictException {
        try (PreparedStatement insert = c.prepareStatement("insert into consumer_offsets (topic, partition, next_offset)"
                + " values (?, ?, ?) on conflict (topic, partition) do nothing");
             PreparedStatement update = c.prepareStatement("update consumer_offsets set next_offset = ?"
                     + " where topic = ? and partition = ? and next_offset = ?")) {
            for (Map.Entry<TopicPartition, Long> next : nextOffsets.entrySet()) {
                TopicPartition partition = next.getKey();
                Long expected = expectedOffsets.get(partition);
                int rows;
                if (expected == null) {
                    insert.setString(1, partition.topic());
                    insert.setInt(2, partition.partition());
                    insert.setLong(3, next.getValue());
                    rows = insert.executeUpdate();
                } else {
                    update.setLong(1, next.getValue());
                    update.setString(2, partition.topic());
                    update.setInt(3, partition.partition());
                    update.setLong(4, expected);
                    rows = update.executeUpdate();
                }
                if (rows != 1) {
                    throw new OffsetConflictException(partition, expected);
                }
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
