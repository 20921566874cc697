package siaga.intake.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/**
 * Remembers requests by their {@code Idempotency-Key} (table {@code idempotency_key}, migration {@code db/intake})
 * so that a retried request returns the first response and never writes a second event.
 *
 * <p>A request first {@linkplain #claim claims} its key in one {@code INSERT ... ON CONFLICT DO NOTHING}, so of
 * two racing retries only one goes on; the other sees the claim and is told to retry (409) or, once the first
 * has {@linkplain #complete completed}, gets its response replayed. A request that fails {@linkplain #release
 * releases} its key, so that the retry can succeed. A claim left by a process that died is taken over after
 * {@link #ABANDONED_AFTER}. Keys are kept per scope (the acting operator): two operators' keys never collide.
 *
 * <p>Thread-safe: each call takes its own connection.
 */
public final class IdempotencyKeys {
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final String CLAIM = """
            insert into idempotency_key (scope, key, request_sha256, created_at) values (?, ?, ?, ?)
            on conflict (scope, key) do update set created_at = excluded.created_at
            where idempotency_key.response_status is null and idempotency_key.created_at < ?
              and idempotency_key.request_sha256 = excluded.request_sha256""";
    private static final String READ = """
            select request_sha256, response_status, response_body, location from idempotency_key where scope = ? and key = ?""";

    private final DataSource dataSource;
    private final Clock clock;

    /** A response as it was first sent: status, JSON body and the {@code Location} header (null if none). */
    public record Response(int status, String body, String location) {
    }

    /** The answer to a claim: {@code replay} is the first response to send again, or null when the key is now ours. */
    public record Claim(Response replay) {
        public boolean claimed() {
            return replay == null;
        }
    }

    public IdempotencyKeys(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Claims {@code key} for a request whose SHA-256 is {@code requestSha256}. Throws a 422 problem when the key
     * was used for another request, a 409 while the first request with it is still running, and a 503 when the
     * database cannot be reached.
     */
    public Claim claim(String scope, String key, String requestSha256) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, scope);
                claim.setString(2, key);
                claim.setString(3, requestSha256);
                claim.setTimestamp(4, Timestamp.from(now));
                claim.setTimestamp(5, Timestamp.from(now.minus(ABANDONED_AFTER)));
                if (claim.executeUpdate() == 1) {
                    return new Claim(null);
                }
            }
            try (PreparedStatement read = connection.prepareStatement(READ)) {
                read.setString(1, scope);
                read.setString(2, key);
                try (ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        throw ProblemException.conflict("the request with this Idempotency-Key was just abandoned; please retry");
                    }
                    if (!row.getString(1).equals(requestSha256)) {
                        throw IntakeProblems.unprocessable("this Idempotency-Key was used for a different request; "
                                + "use a new key for a new request", List.of(
                                new FieldError("", "differs from the first request with this Idempotency-Key")));
                    }
                    int status = row.getInt(2);
                    if (row.wasNull()) {
                        throw ProblemException.conflict("the first request with this Idempotency-Key is still being "
                                + "processed; please retry in a moment");
                    }
                    return new Claim(new Response(status, row.getString(3), row.getString(4)));
                }
            }
        } catch (SQLException e) {
            log.warn("idempotency key not claimed in scope {}: {}", scope, e.getMessage());
            throw ProblemException.unavailable("the request could not be checked for repetition right now; nothing was "
                    + "recorded, please try again");
        }
    }

    /** Stores the response of the request that claimed {@code key}, to replay to its retries. */
    public void complete(String scope, String key, Response response) {
        update("update idempotency_key set response_status = ?, response_body = ?, location = ?, completed_at = ? "
                + "where scope = ? and key = ?", scope, key, response);
    }

    /** Frees {@code key} after its request failed, so that a retry carries the request out afresh. */
    public void release(String scope, String key) {
        update("delete from idempotency_key where scope = ? and key = ? and response_status is null", scope, key, null);
    }

    private void update(String sql, String scope, String key, Response response) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (response != null) {
                statement.setInt(i++, response.status());
                statement.setString(i++, response.body());
                statement.setString(i++, response.location());
                statement.setTimestamp(i++, Timestamp.from(clock.instant()));
            }
            statement.setString(i++, scope);
            statement.setString(i, key);
            statement.executeUpdate();
        } catch (SQLException e) {
            // the request itself is done; a lost record only means its retry will be told to wait, then re-run
            log.warn("idempotency key in scope {} not updated: {}", scope, e.getMessage());
        }
    }
}
