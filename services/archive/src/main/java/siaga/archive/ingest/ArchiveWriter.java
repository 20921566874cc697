package siaga.archive.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;
import siaga.archive.complaint.ComplaintState;
import siaga.archive.complaint.ComplaintStatus;
import siaga.archive.crew.CrewState;
import siaga.archive.crew.Shift;
import siaga.archive.ingest.ArchiveBatch.ArchivedDeadLetter;
import siaga.archive.ingest.ArchiveBatch.ArchivedEvent;
import siaga.archive.sla.SlaOutcome;
import siaga.contracts.ActorRole;
import siaga.contracts.Json;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.SlaEvent;

/**
 * Writes a batch to PostgreSQL in one transaction: its events, the complaint states, crews, shifts and SLA
 * outcomes they change, its dead letters, and the next offset of every partition it came from. Either all of it
 * is committed or none, so the stored offsets always say exactly how far the stored data goes.
 *
 * <p>Throughput: a batch is a handful of statements whatever its size. Event ids are claimed in one
 * {@code INSERT INTO event_ids ... ON CONFLICT DO NOTHING RETURNING} (the events table is partitioned, so its
 * own keys cannot guarantee a unique event id); only the claimed, that is new, events are then written with
 * {@code COPY} and folded into the derived tables, each of which is written with one multi-row statement.
 * Batches commit with the server's {@code synchronous_commit} (on by default): once a batch is committed, what
 * searches and reports showed from it survives a crash of PostgreSQL. Large batches keep the flushes few.
 *
 * <p>Offsets are fenced: a partition's offset is only advanced from the value the caller last read or wrote,
 * so an instance that lost a partition in a rebalance without noticing cannot archive it a second time (the
 * write fails with {@link OffsetConflictException}). Complaint states are locked per complaint so that two
 * instances reading different topics of one complaint do not lose an update; crews need no lock, since all of
 * a crew's events are on one partition of {@code crews}, which one instance reads at a time.
 *
 * <p>Thread-safe: every call takes its own connection.
 */
public final class ArchiveWriter {
    // the advisory-lock class of complaint_state rows; any fixed number not used elsewhere in the database
    private static final int COMPLAINT_LOCK_CLASS = 7_451_001;
    private static final String EVENT_COLUMNS = "event_id, type, schema_version, occurred_at, jurisdiction, subject_id,"
            + " complaint_id, crew_id, actor_role, actor_id, correlation_id, topic, partition, \"offset\", payload, archived_at";
    private static final String STATE_COLUMNS = "complaint_id, ticket, jurisdiction, category, department, district,"
            + " priority, status, crew_id, reporter_phone, reported_at, queued_at, dispatched_at, acknowledged_at,"
            + " en_route_at, on_scene_at, resolved_at, closed_at, cancelled_at, cancel_reason, merged_at, merged_into,"
            + " split_at, declined_at, declines, cannot_fix_at, taken_up_at, escalations, supervisor_alerted_at, notes,"
            + " updated_at, last_event_id";
    // every column of STATE_COLUMNS but the key, set from the excluded row on conflict
    private static final String STATE_UPDATES = Arrays.stream(STATE_COLUMNS.split(","))
            .map(String::strip).skip(1).map(column -> column + " = excluded." + column)
            .collect(Collectors.joining(", "));
    private static final String SLA_COLUMNS = "event_id, complaint_id, jurisdiction, stage, outcome, category,"
            + " department, started_at, target_millis, completed_at, elapsed_millis, paused_millis, within_target, due_at,"
            + " occurred_at, corrects_event_id, source_partition, source_offset";
    private static final String SLA_ARRAYS = "?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[]::timestamptz[], ?::int8[], ?::text[]::timestamptz[], ?::int8[], ?::int8[], ?::bool[],"
            + " ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::uuid[], ?::int4[], ?::int8[]";
    // what an outcome says, # standing for the table's alias: a copy that says the same is no re-measurement
    private static final String SLA_FIGURES = "#stage, #outcome, #category, #department, #started_at, #target_millis,"
            + " #completed_at, #elapsed_millis, #paused_millis, #within_target, #due_at, #corrects_event_id";
    private static final String SLA_UPDATES = Arrays.stream(SLA_COLUMNS.split(","))
            .map(String::strip).skip(3).map(column -> column + " = n." + column)
            .collect(Collectors.joining(", "));
    private static final Map<ActorRole, String> ROLE_NAMES = roleNames();

    private final DataSource dataSource;
    private final EventPartitions partitions;

    public ArchiveWriter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.partitions = new EventPartitions(dataSource);
    }

    /**
     * What a committed batch changed. {@code duplicateEvents} were archived before and left alone, but for
     * {@code slaRemeasurements}: SLA outcomes archived before whose newer copy replaced them in {@code sla_outcomes}.
     */
    public record Written(int events, int duplicateEvents, int complaints, int crews, int shifts, int slaOutcomes,
                          int slaRemeasurements, int deadLetters, int refused) {
    }

    /** Creates the events partitions of this month and the next ones ahead; {@code now} in UTC. */
    public void prepare(Instant now) throws SQLException {
        partitions.ensureAhead(now);
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
     * {@code batch} with its reports refused that would give their complaint a ticket another complaint holds
     * ({@link ArchiveBatch#refusingTakenTickets}), looked up in one query: their dead letters are sent before
     * {@link #write}. An instance archiving another partition may take one of these tickets between this look-up
     * and the write's commit; the write then fails on the ticket's unique key and, retried, finds it taken here.
     */
    public ArchiveBatch withoutTakenTickets(ArchiveBatch batch) throws SQLException {
        Set<String> tickets = batch.reportedTickets();
        if (tickets.isEmpty()) {
            return batch;
        }
        Map<String, UUID> holders = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select ticket, complaint_id from complaint_state where ticket = any(?)")) {
            s.setArray(1, c.createArrayOf("text", tickets.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    holders.put(rs.getString(1), rs.getObject(2, UUID.class));
                }
            }
        }
        return batch.refusingTakenTickets(holders);
    }

    /**
     * Archives {@code batch} and advances each of its partitions from {@code expectedOffsets} (the caller's view
     * of the stored offsets; a partition missing there must have none stored) to the batch's next offset.
     * On any failure the transaction is rolled back and nothing is stored (a partition of {@code events} created
     * for the batch beforehand stays: it is empty or holds rows moved from the default partition).
     */
    public Written write(ArchiveBatch batch, Map<TopicPartition, Long> expectedOffsets, Instant archivedAt)
            throws SQLException, OffsetConflictException {
        partitions.ensureAhead(archivedAt);
        partitions.ensureFor(batch.events().stream().map(e -> e.event().occurredAt()).toList(), archivedAt);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ArchivedEvent> fresh = claimEventIds(c, batch.events());
                copyEvents(c, fresh, archivedAt);
                int complaints = foldComplaints(c, fresh);
                CrewChanges crews = foldCrews(c, fresh);
                int slaOutcomes = insertSlaOutcomes(c, fresh);
                int slaRemeasurements = remeasureSlaOutcomes(c, duplicates(batch.events(), fresh), archivedAt);
                insertDeadLetters(c, batch.deadLetters(), archivedAt);
                advanceOffsets(c, batch.nextOffsets(), expectedOffsets);
                c.commit();
                return new Written(fresh.size(), batch.events().size() - fresh.size(), complaints, crews.crews(),
                        crews.shifts(), slaOutcomes, slaRemeasurements, batch.deadLetters().size(),
                        batch.refused().size());
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

    // the events whose ids this transaction claimed, in batch order; an event twice in one batch is claimed once
    private static List<ArchivedEvent> claimEventIds(Connection c, List<ArchivedEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        Set<UUID> claimed = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("insert into event_ids (event_id) select unnest(?::uuid[])"
                + " on conflict (event_id) do nothing returning event_id")) {
            s.setArray(1, c.createArrayOf("uuid", events.stream().map(e -> e.event().eventId()).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<ArchivedEvent> fresh = new ArrayList<>(claimed.size());
        for (ArchivedEvent e : events) {
            if (claimed.remove(e.event().eventId())) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    private static void copyEvents(Connection c, List<ArchivedEvent> events, Instant archivedAt) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        String archived = archivedAt.toString();
        StringBuilder csv = new StringBuilder(events.size() * 1200);
        for (ArchivedEvent e : events) {
            csv.append(e.event().eventId()).append(',');
            quoted(csv, e.event().type()).append(',');
            csv.append(e.event().schemaVersion()).append(',');
            csv.append(e.event().occurredAt()).append(',');
            quoted(csv, e.event().jurisdiction()).append(',');
            quoted(csv, e.event().subjectId()).append(',');
            if (e.complaintId() != null) {
                csv.append(e.complaintId());
            }
            csv.append(',');
            quoted(csv, e.crewId()).append(',');
            quoted(csv, ROLE_NAMES.get(e.event().actor().role())).append(',');
            quoted(csv, e.event().actor().id()).append(',');
            quoted(csv, e.event().correlationId()).append(',');
            quoted(csv, e.topic()).append(',');
            csv.append(e.partition()).append(',');
            csv.append(e.offset()).append(',');
            quoted(csv, e.envelopeJson()).append(',');
            csv.append(archived).append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "copy events (" + EVENT_COLUMNS + ") from stdin with (format csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("copying " + events.size() + " events failed: " + e.getMessage(), "08006", e);
        }
    }

    // CSV as COPY reads it: an unquoted empty field is NULL, a quoted one is text with quotes doubled
    private static StringBuilder quoted(StringBuilder csv, String text) {
        if (text == null) {
            return csv;
        }
        return csv.append('"').append(text.indexOf('"') < 0 ? text : text.replace("\"", "\"\"")).append('"');
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
                            rs.getString("district"),
                            rs.getObject("priority", Integer.class),
                            ComplaintStatus.fromWireName(rs.getString("status")),
                            rs.getString("crew_id"),
                            rs.getString("reporter_phone"),
                            instant(rs, "reported_at"),
                            instant(rs, "queued_at"),
                            instant(rs, "dispatched_at"),
                            instant(rs, "acknowledged_at"),
                            instant(rs, "en_route_at"),
                            instant(rs, "on_scene_at"),
                            instant(rs, "resolved_at"),
                            instant(rs, "closed_at"),
                            instant(rs, "cancelled_at"),
                            rs.getString("cancel_reason"),
                            instant(rs, "merged_at"),
                            rs.getString("merged_into"),
                            instant(rs, "split_at"),
                            instant(rs, "declined_at"),
                            rs.getInt("declines"),
                            instant(rs, "cannot_fix_at"),
                            instant(rs, "taken_up_at"),
                            rs.getInt("escalations"),
                            instant(rs, "supervisor_alerted_at"),
                            rs.getInt("notes"),
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
                + " select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[],"
                + " ?::text[], ?::text[], ?::text[], " + "?::text[]::timestamptz[], ".repeat(9) + "?::text[],"
                + " ?::text[]::timestamptz[], ?::text[], ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::int4[],"
                + " ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::int4[], ?::text[]::timestamptz[], ?::int4[],"
                + " ?::text[]::timestamptz[], ?::uuid[])"
                + " on conflict (complaint_id) do update set " + STATE_UPDATES)) {
            int p = 1;
            s.setArray(p++, array(c, "uuid", states, ComplaintState::complaintId));
            s.setArray(p++, array(c, "text", states, ComplaintState::ticket));
            s.setArray(p++, array(c, "text", states, ComplaintState::jurisdiction));
            s.setArray(p++, array(c, "text", states, ComplaintState::category));
            s.setArray(p++, array(c, "text", states, ComplaintState::department));
            s.setArray(p++, array(c, "text", states, ComplaintState::district));
            s.setArray(p++, array(c, "int4", states, ComplaintState::priority));
            s.setArray(p++, array(c, "text", states, state -> state.status().wireName()));
            s.setArray(p++, array(c, "text", states, ComplaintState::crewId));
            s.setArray(p++, array(c, "text", states, ComplaintState::reporterPhone));
            s.setArray(p++, times(c, states, ComplaintState::reportedAt));
            s.setArray(p++, times(c, states, ComplaintState::queuedAt));
            s.setArray(p++, times(c, states, ComplaintState::dispatchedAt));
            s.setArray(p++, times(c, states, ComplaintState::acknowledgedAt));
            s.setArray(p++, times(c, states, ComplaintState::enRouteAt));
            s.setArray(p++, times(c, states, ComplaintState::onSceneAt));
            s.setArray(p++, times(c, states, ComplaintState::resolvedAt));
            s.setArray(p++, times(c, states, ComplaintState::closedAt));
            s.setArray(p++, times(c, states, ComplaintState::cancelledAt));
            s.setArray(p++, array(c, "text", states, ComplaintState::cancelReason));
            s.setArray(p++, times(c, states, ComplaintState::mergedAt));
            s.setArray(p++, array(c, "text", states, ComplaintState::mergedInto));
            s.setArray(p++, times(c, states, ComplaintState::splitAt));
            s.setArray(p++, times(c, states, ComplaintState::declinedAt));
            s.setArray(p++, array(c, "int4", states, ComplaintState::declines));
            s.setArray(p++, times(c, states, ComplaintState::cannotFixAt));
            s.setArray(p++, times(c, states, ComplaintState::takenUpAt));
            s.setArray(p++, array(c, "int4", states, ComplaintState::escalations));
            s.setArray(p++, times(c, states, ComplaintState::supervisorAlertedAt));
            s.setArray(p++, array(c, "int4", states, ComplaintState::notes));
            s.setArray(p++, times(c, states, ComplaintState::updatedAt));
            s.setArray(p, array(c, "uuid", states, ComplaintState::lastEventId));
            s.executeUpdate();
        }
    }

    private record CrewChanges(int crews, int shifts) {
    }

    private static CrewChanges foldCrews(Connection c, List<ArchivedEvent> events) throws SQLException {
        Map<String, List<ArchivedEvent>> byCrew = new TreeMap<>();
        for (ArchivedEvent e : events) {
            if (e.event().data() instanceof CrewEvent crew) {
                byCrew.computeIfAbsent(crew.crewId(), id -> new ArrayList<>()).add(e);
            }
        }
        if (byCrew.isEmpty()) {
            return new CrewChanges(0, 0);
        }
        Map<String, CrewState> stored = loadCrews(c, byCrew.keySet());
        List<CrewState> changedCrews = new ArrayList<>();
        Map<UUID, Shift> changedShifts = new LinkedHashMap<>();
        byCrew.forEach((id, crewEvents) -> {
            CrewState state = stored.getOrDefault(id, CrewState.initial(id));
            // in partition order, which is the order field-crew wrote them
            for (ArchivedEvent e : crewEvents) {
                CrewState.Step step = state.evolve(e.event());
                state = step.state();
                step.changedShift().ifPresent(shift -> changedShifts.put(shift.shiftId(), shift));
            }
            changedCrews.add(state);
        });
        upsertCrews(c, changedCrews);
        upsertShifts(c, List.copyOf(changedShifts.values()));
        return new CrewChanges(changedCrews.size(), changedShifts.size());
    }

    private static Map<String, CrewState> loadCrews(Connection c, Set<String> crewIds) throws SQLException {
        Map<String, CrewState> crews = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select c.crew_id, c.jurisdiction, c.department, c.updated_at,"
                + " c.last_event_id, s.shift_id, s.jurisdiction as shift_jurisdiction, s.department as shift_department,"
                + " s.started_at from crews c left join shifts s on s.shift_id = c.shift_id where c.crew_id = any(?)")) {
            s.setArray(1, c.createArrayOf("text", crewIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String crewId = rs.getString("crew_id");
                    UUID shiftId = rs.getObject("shift_id", UUID.class);
                    Shift open = shiftId == null ? null : new Shift(shiftId, crewId, rs.getString("shift_jurisdiction"),
                            rs.getString("shift_department"), instant(rs, "started_at"), null, null);
                    crews.put(crewId, new CrewState(crewId, rs.getString("jurisdiction"), rs.getString("department"),
                            open, instant(rs, "updated_at"), rs.getObject("last_event_id", UUID.class)));
                }
            }
        }
        return crews;
    }

    private static void upsertCrews(Connection c, List<CrewState> crews) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into crews (crew_id, jurisdiction, department, on_shift,"
                + " shift_id, updated_at, last_event_id) select * from unnest(?::text[], ?::text[], ?::text[],"
                + " ?::bool[], ?::uuid[], ?::text[]::timestamptz[], ?::uuid[]) on conflict (crew_id) do update set"
                + " jurisdiction = excluded.jurisdiction, department = excluded.department,"
                + " on_shift = excluded.on_shift, shift_id = excluded.shift_id, updated_at = excluded.updated_at,"
                + " last_event_id = excluded.last_event_id")) {
            s.setArray(1, array(c, "text", crews, CrewState::crewId));
            s.setArray(2, array(c, "text", crews, CrewState::jurisdiction));
            s.setArray(3, array(c, "text", crews, CrewState::department));
            s.setArray(4, array(c, "bool", crews, CrewState::onShift));
            s.setArray(5, array(c, "uuid", crews, crew -> crew.onShift() ? crew.openShift().shiftId() : null));
            s.setArray(6, times(c, crews, CrewState::updatedAt));
            s.setArray(7, array(c, "uuid", crews, CrewState::lastEventId));
            s.executeUpdate();
        }
    }

    private static void upsertShifts(Connection c, List<Shift> shifts) throws SQLException {
        if (shifts.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into shifts (shift_id, crew_id, jurisdiction, department,"
                + " started_at, ended_at, end_event_id) select * from unnest(?::uuid[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::uuid[]) on conflict (shift_id) do update set"
                + " ended_at = excluded.ended_at, end_event_id = excluded.end_event_id")) {
            s.setArray(1, array(c, "uuid", shifts, Shift::shiftId));
            s.setArray(2, array(c, "text", shifts, Shift::crewId));
            s.setArray(3, array(c, "text", shifts, Shift::jurisdiction));
            s.setArray(4, array(c, "text", shifts, Shift::department));
            s.setArray(5, times(c, shifts, Shift::startedAt));
            s.setArray(6, times(c, shifts, Shift::endedAt));
            s.setArray(7, array(c, "uuid", shifts, Shift::endEventId));
            s.executeUpdate();
        }
    }

    private static int insertSlaOutcomes(Connection c, List<ArchivedEvent> events) throws SQLException {
        List<SlaOutcome> outcomes = slaOutcomes(events);
        if (outcomes.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("insert into sla_outcomes (" + SLA_COLUMNS + ")"
                + " select * from unnest(" + SLA_ARRAYS + ") on conflict (event_id) do nothing")) {
            setSlaArrays(c, s, outcomes);
            return s.executeUpdate();
        }
    }

    // the events of a batch this transaction did not claim: archived before, or a second copy within the batch
    private static List<ArchivedEvent> duplicates(List<ArchivedEvent> events, List<ArchivedEvent> fresh) {
        Set<ArchivedEvent> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        claimed.addAll(fresh);
        return events.stream().filter(e -> !claimed.contains(e)).toList();
    }

    /**
     * Takes each re-measured SLA outcome (see {@link SlaOutcome}) into {@code sla_outcomes} when its copy was read
     * later than the row's and says something else, and keeps that copy in {@code sla_remeasurements}. Of several
     * copies of one outcome in a batch, the last read counts. Returns the outcomes replaced.
     */
    private static int remeasureSlaOutcomes(Connection c, List<ArchivedEvent> duplicates, Instant archivedAt)
            throws SQLException {
        Map<UUID, ArchivedEvent> lastCopies = new LinkedHashMap<>();
        for (ArchivedEvent e : duplicates) {
            if (e.complaintId() != null && e.event().data() instanceof SlaEvent) {
                lastCopies.merge(e.event().eventId(), e, (earlier, later) -> later.offset() > earlier.offset()
                        || later.partition() != earlier.partition() ? later : earlier);
            }
        }
        List<SlaOutcome> outcomes = slaOutcomes(List.copyOf(lastCopies.values()));
        if (outcomes.isEmpty()) {
            return 0;
        }
        List<ArchivedEvent> taken = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("update sla_outcomes o set " + SLA_UPDATES
                + " from unnest(" + SLA_ARRAYS + ") as n(" + SLA_COLUMNS + ") where o.event_id = n.event_id"
                + " and case when n.source_partition = o.source_partition then n.source_offset > o.source_offset"
                + " else n.occurred_at > o.occurred_at end"
                + " and (" + SLA_FIGURES.replace("#", "o.") + ") is distinct from (" + SLA_FIGURES.replace("#", "n.") + ")"
                + " returning o.event_id")) {
            setSlaArrays(c, s, outcomes);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    taken.add(lastCopies.get(rs.getObject(1, UUID.class)));
                }
            }
        }
        if (taken.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("insert into sla_remeasurements (event_id, partition, \"offset\","
                + " payload, archived_at) select *, ?::timestamptz from unnest(?::uuid[], ?::int4[], ?::int8[],"
                + " ?::text[]::jsonb[]) on conflict do nothing")) {
            s.setString(1, archivedAt.toString());
            s.setArray(2, array(c, "uuid", taken, e -> e.event().eventId()));
            s.setArray(3, array(c, "int4", taken, ArchivedEvent::partition));
            s.setArray(4, array(c, "int8", taken, ArchivedEvent::offset));
            s.setArray(5, array(c, "text", taken, ArchivedEvent::envelopeJson));
            s.executeUpdate();
        }
        return taken.size();
    }

    private static List<SlaOutcome> slaOutcomes(List<ArchivedEvent> events) {
        List<SlaOutcome> outcomes = new ArrayList<>();
        for (ArchivedEvent e : events) {
            if (e.complaintId() != null) {
                SlaOutcome.of(e.event(), e.complaintId(), e.partition(), e.offset()).ifPresent(outcomes::add);
            }
        }
        return outcomes;
    }

    private static void setSlaArrays(Connection c, PreparedStatement s, List<SlaOutcome> outcomes) throws SQLException {
        int p = 1;
        s.setArray(p++, array(c, "uuid", outcomes, SlaOutcome::eventId));
        s.setArray(p++, array(c, "uuid", outcomes, SlaOutcome::complaintId));
        s.setArray(p++, array(c, "text", outcomes, SlaOutcome::jurisdiction));
        s.setArray(p++, array(c, "text", outcomes, SlaOutcome::stage));
        s.setArray(p++, array(c, "text", outcomes, SlaOutcome::outcome));
        s.setArray(p++, array(c, "text", outcomes, SlaOutcome::category));
        s.setArray(p++, array(c, "text", outcomes, SlaOutcome::department));
        s.setArray(p++, times(c, outcomes, SlaOutcome::startedAt));
        s.setArray(p++, array(c, "int8", outcomes, SlaOutcome::targetMillis));
        s.setArray(p++, times(c, outcomes, SlaOutcome::completedAt));
        s.setArray(p++, array(c, "int8", outcomes, SlaOutcome::elapsedMillis));
        s.setArray(p++, array(c, "int8", outcomes, SlaOutcome::pausedMillis));
        s.setArray(p++, array(c, "bool", outcomes, SlaOutcome::withinTarget));
        s.setArray(p++, times(c, outcomes, SlaOutcome::dueAt));
        s.setArray(p++, times(c, outcomes, SlaOutcome::occurredAt));
        s.setArray(p++, array(c, "uuid", outcomes, SlaOutcome::correctsEventId));
        s.setArray(p++, array(c, "int4", outcomes, SlaOutcome::partition));
        s.setArray(p, array(c, "int8", outcomes, SlaOutcome::offset));
    }

    private static void insertDeadLetters(Connection c, List<ArchivedDeadLetter> letters, Instant archivedAt)
            throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into dead_letters (dead_letter_partition,"
                + " dead_letter_offset, source_topic, source_partition, source_offset, record_key, raw_value, reason,"
                + " service, failed_at, archived_at) select *, ?::timestamptz from unnest(?::int4[], ?::int8[],"
                + " ?::text[], ?::int4[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[])"
                + " on conflict (dead_letter_partition, dead_letter_offset) do nothing")) {
            s.setString(1, archivedAt.toString());
            s.setArray(2, array(c, "int4", letters, ArchivedDeadLetter::partition));
            s.setArray(3, array(c, "int8", letters, ArchivedDeadLetter::offset));
            s.setArray(4, array(c, "text", letters, ArchivedDeadLetter::sourceTopic));
            s.setArray(5, array(c, "int4", letters, ArchivedDeadLetter::sourcePartition));
            s.setArray(6, array(c, "int8", letters, ArchivedDeadLetter::sourceOffset));
            s.setArray(7, array(c, "text", letters, ArchivedDeadLetter::key));
            s.setArray(8, array(c, "text", letters, ArchivedDeadLetter::rawValue));
            s.setArray(9, array(c, "text", letters, ArchivedDeadLetter::reason));
            s.setArray(10, array(c, "text", letters, ArchivedDeadLetter::service));
            s.setArray(11, times(c, letters, ArchivedDeadLetter::failedAt));
            s.executeUpdate();
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

    private static <T> Array array(Connection c, String type, List<T> rows, Function<T, Object> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return c.createArrayOf(type, values);
    }

    // instants travel as ISO-8601 text and are cast in SQL: exact to the microsecond, whatever the session zone
    private static <T> Array times(Connection c, List<T> rows, Function<T, Instant> column) throws SQLException {
        return array(c, "text", rows, row -> {
            Instant value = column.apply(row);
            return value == null ? null : value.toString();
        });
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Map<ActorRole, String> roleNames() {
        Map<ActorRole, String> names = new EnumMap<>(ActorRole.class);
        for (ActorRole role : ActorRole.values()) {
            names.put(role, Json.MAPPER.valueToTree(role).asText());
        }
        return names;
    }
}
