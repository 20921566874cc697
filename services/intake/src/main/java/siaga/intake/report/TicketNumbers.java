package siaga.intake.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class TicketNumbers {
    private static final String NEXT = """
            insert into ticket_sequence (jurisdiction, year, last_number) values (?, ?, 1)
            on conflict (jurisdiction, year) do update set last_number = ticket_sequence.last_number + 1
            returning last_number""";

    private final DataSource dataSource;

    public TicketNumbers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The next ticket of {@code jurisdiction} for a complaint reported at {@code at}. */
    public String next(Jurisdiction jurisdiction, Instant at) throws SQLException {
        int year = at.atZone(jurisdiction.timeZone()).getYear();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(NEXT)) {
            statement.setString(1, jurisdiction.id());
            statement.setInt(2, year);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return format(jurisdiction.ticketPrefix(), year, result.getLong(1));
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
