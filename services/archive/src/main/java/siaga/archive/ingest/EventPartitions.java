package siaga.archive.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monthly partitions of {@code events} (range on {@code occurred_at}, UTC months, named
 * {@code events_YYYY_MM}), created before rows need them: the current month and the next
 * {@value #MONTHS_AHEAD} ahead, and any month from {@link #EARLIEST} on that a batch brings (a replay of old
 * history). A row of a month outside that window (a clock far in the future, say) lands in {@code events_default},
 * so no row is ever refused; should its month get a partition later, the creation moves it there.
 *
 * <p>Each creation is its own short transaction, before the batch's (DDL on the parent takes stronger locks
 * than the batch needs), serialized across instances by an advisory lock. Thread-safe.
 */
public final class EventPartitions {
    public static final YearMonth EARLIEST = YearMonth.of(2000, 1);
    public static final int MONTHS_AHEAD = 2;
    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    // the advisory-lock class of partition maintenance; any fixed number not used elsewhere in the database
    private static final int PARTITION_LOCK_CLASS = 7_451_002;

    private final DataSource dataSource;
    private final Set<YearMonth> existing = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    public EventPartitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static String name(YearMonth month) {
        return "events_%04d_%02d".formatted(month.getYear(), month.getMonthValue());
    }

    /** Creates the partitions of this month and the next {@value #MONTHS_AHEAD} that do not exist; {@code now} in UTC. */
    public void ensureAhead(Instant now) throws SQLException {
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        Set<YearMonth> months = new TreeSet<>();
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            months.add(current.plusMonths(i));
        }
        ensure(months);
    }

    /**
     * Creates the partitions the events happening at {@code times} need, up to {@value #MONTHS_AHEAD} months
     * after {@code now}; later or earlier than {@link #EARLIEST} go to the default partition.
     */
    public void ensureFor(Collection<Instant> times, Instant now) throws SQLException {
        YearMonth latest = YearMonth.from(now.atOffset(ZoneOffset.UTC)).plusMonths(MONTHS_AHEAD);
        Set<YearMonth> months = new TreeSet<>();
        for (Instant time : times) {
            YearMonth month = YearMonth.from(time.atOffset(ZoneOffset.UTC));
            if (!month.isBefore(EARLIEST) && !month.isAfter(latest)) {
                months.add(month);
            }
        }
        ensure(months);
    }

    private void ensure(Set<YearMonth> months) throws SQLException {
        if (!loaded) {
            load();
        }
        for (YearMonth month : months) {
            if (!existing.contains(month)) {
                create(month);
            }
        }
    }

    private void load() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select child.relname from pg_inherits"
                     + " join pg_class child on child.oid = pg_inherits.inhrelid"
                     + " where pg_inherits.inhparent = 'events'::regclass");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.matches("events_\\d{4}_\\d{2}")) {
                    existing.add(YearMonth.of(Integer.parseInt(name.substring(7, 11)), Integer.parseInt(name.substring(12))));
                }
            }
        }
        loaded = true;
    }

    /**
     * Creates the partition of {@code month}: an empty table, the rows of that month moved into it from the
     * default partition, then attached (which checks the default holds none of the month any more).
     */
    private void create(YearMonth month) throws SQLException {
        String name = name(month);
        Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?, 0)")) {
                    lock.setInt(1, PARTITION_LOCK_CLASS);
                    lock.executeQuery().close();
                }
                boolean exists;
                try (PreparedStatement s = c.prepareStatement("select to_regclass(?) is not null")) {
                    s.setString(1, name);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        exists = rs.getBoolean(1);
                    }
                }
                int moved = 0;
                if (!exists) {
                    try (Statement s = c.createStatement()) {
                        s.execute("create table " + name + " (like events including defaults including constraints)");
                    }
                    try (PreparedStatement move = c.prepareStatement("with moved as (delete from events_default"
                            + " where occurred_at >= ? and occurred_at < ? returning *)"
                            + " insert into " + name + " select * from moved")) {
                        move.setObject(1, from.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                        move.setObject(2, to.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                        moved = move.executeUpdate();
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("alter table events attach partition " + name + " for values from ('" + from
                                + "') to ('" + to + "')");
                    }
                }
                c.commit();
                existing.add(month);
                if (!exists) {
                    log.info("created partition {} of events ({} rows moved from events_default)", name, moved);
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }
}
