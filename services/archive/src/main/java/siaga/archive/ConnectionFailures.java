package siaga.archive;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that does not answer from a database that answers with an error. */
final class ConnectionFailures {
    private ConnectionFailures() {
    }

    /**
     * Whether {@code failure} or one of its causes says PostgreSQL could not be reached or went away: SQLState
     * class 08 (connection exception), 57P01-57P03 (shut down, crashed, starting up), or a pool that timed out
     * waiting for a connection. Such a failure passes once the server is back; others need someone to act.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
