package siaga.runtime.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import siaga.runtime.SiagaConfig;

/**
 * PostgreSQL as the services see it: a pooled DataSource on {@code SIAGA_DB_URL} whose connections work in
 * {@code SIAGA_DB_SCHEMA} (default {@code siaga}), and Flyway migrations per owner, each with its own
 * history table so that two services can share one schema without sharing a migration history.
 */
public final class Database {
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private Database() {
    }

    public static String url(SiagaConfig config) {
        return config.get(SiagaConfig.DB_URL, DEFAULT_URL);
    }

    public static String schema(SiagaConfig config) {
        String schema = config.get(SiagaConfig.DB_SCHEMA, "siaga");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(SiagaConfig.DB_SCHEMA + " must be a lower-case SQL identifier, was '" + schema + "'");
        }
        return schema;
    }

    public static HikariDataSource dataSource(SiagaConfig config, String poolName, int maxConnections) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(url(config));
        hikari.setUsername(config.get(SiagaConfig.DB_USER, "postgres"));
        hikari.setPassword(config.get(SiagaConfig.DB_PASSWORD, ""));
        hikari.setSchema(schema(config));
        hikari.setMaximumPoolSize(maxConnections);
        hikari.setConnectionTimeout(5_000);
        // a connection dropped silently (not closed) by a network fault would otherwise hang its owner until TCP gives up
        hikari.addDataSourceProperty("socketTimeout",
                config.getDuration("SIAGA_DB_SOCKET_TIMEOUT", java.time.Duration.ofSeconds(60)).toSeconds());
        // a pool that starts while PostgreSQL is down must not fail: the owner reports it in health and retries
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    /** Applies {@code classpath:db/<owner>} into the configured schema, creating it if needed. */
    public static void migrate(javax.sql.DataSource dataSource, SiagaConfig config, String owner) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema(config))
                .createSchemas(true)
                .locations("classpath:db/" + owner)
                .table(owner + "_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
