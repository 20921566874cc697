package siaga.intake.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import siaga.contracts.reference.ReferenceData.Jurisdiction;

/**
 * Hands out ticket numbers such as {@code MDN-2026-000123}: the jurisdiction's prefix, the year in the
 * jurisdiction's time zone, and a sequence of at least six digits that restarts every year. The sequence
 * lives in PostgreSQL ({@code ticket_sequence}, migration {@code db/intake}) and is bumped by one atomic
 * upsert, so any number of intake instances sharing the database never hand out the same number.
 *
 * <p>Example: a complaint reported at 2026-12-31T17:30:00Z in Kota Madiun (Asia/Jakarta, UTC+7) is
 * reported at 00:30 on 1 January 2027 there, and gets {@code MDN-2027-000001} if it is the year's first.
 *
 * <p>With a block size above one, an instance reserves that many numbers in one upsert and hands them out from
 * memory, which spares a database commit per complaint under load. The numbers stay unique across instances, and
 * increase within one instance; the price is that numbers of two instances interleave out of report order, and
 * that the unused rest of a block is skipped when its instance stops (a gap, never a repeat). A block size of one
 * gives consecutive numbers without gaps.
 *
 * <p>Thread-safe: a reservation takes its own connection from the pool; handing out is synchronised.
 */
public final class TicketNumbers {
    private static final String RESERVE = """
            insert into ticket_sequence (jurisdiction, year, last_number) values (?, ?, ?)
            on conflict (jurisdiction, year) do update set last_number = ticket_sequence.last_number + excluded.last_number
            returning last_number""";

    private final DataSource dataSource;
    private final int blockSize;
    private final Map<String, Block> blocks = new HashMap<>();

    /** Numbers reserved by this instance and not yet handed out: {@code next} up to {@code last}, inclusive. */
    private static final class Block {
        long next;
        long last;
    }

    public TicketNumbers(DataSource dataSource, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("a ticket block holds at least one number, was " + blockSize);
        }
        this.dataSource = dataSource;
        this.blockSize = blockSize;
    }

    /** The next ticket of {@code jurisdiction} for a complaint reported at {@code at}. */
    public String next(Jurisdiction jurisdiction, Instant at) throws SQLException {
        int year = at.atZone(jurisdiction.timeZone()).getYear();
        return format(jurisdiction.ticketPrefix(), year, nextNumber(jurisdiction.id(), year));
    }

    private synchronized long nextNumber(String jurisdiction, int year) throws SQLException {
        Block block = blocks.computeIfAbsent(jurisdiction + "/" + year, k -> new Block());
        if (block.next == 0 || block.next > block.last) {
            block.last = reserve(jurisdiction, year);
            block.next = block.last - blockSize + 1;
        }
        return block.next++;
    }

    private long reserve(String jurisdiction, int year) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(RESERVE)) {
            statement.setString(1, jurisdiction);
            statement.setInt(2, year);
            statement.setLong(3, blockSize);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Whether the database answers and the sequence table exists; throws with the reason if not. */
    public void check() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select 1 from ticket_sequence limit 1")) {
            statement.executeQuery().close();
        }
    }

    static String format(String prefix, int year, long number) {
        return String.format("%s-%04d-%06d", prefix, year, number);
    }
}
