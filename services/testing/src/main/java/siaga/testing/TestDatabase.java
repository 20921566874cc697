package siaga.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.containers.PostgreSQLContainer;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;

/**
 * A schema of its own, dropped on close, in one PostgreSQL container per test JVM where a Docker engine answers
 * (Testcontainers), otherwise in the configured PostgreSQL ({@code SIAGA_DB_URL}, default 127.0.0.1:5432/postgres).
 * A test that cannot reach PostgreSQL fails here with the URL it tried.
 */
public final class TestDatabase implements AutoCloseable {
    private final SiagaConfig base;
    private final String schema;

    private TestDatabase(SiagaConfig base, String schema) {
        this.base = base;
        this.schema = schema;
    }

    /** Started once per test JVM and left to Testcontainers to remove when the JVM exits. */
    private static PostgreSQLContainer<?> container;

    public static TestDatabase create() {
        SiagaConfig env = Docker.available() ? containerConfig() : SiagaConfig.fromEnvironment();
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase db = new TestDatabase(env, schema);
        db.execute("create schema " + schema);
        return db;
    }

    private static synchronized SiagaConfig containerConfig() {
        if (container == null) {
            container = new PostgreSQLContainer<>("postgres:15-alpine");
            container.start();
        }
        return SiagaConfig.of(java.util.Map.of(SiagaConfig.DB_URL, container.getJdbcUrl(),
                SiagaConfig.DB_USER, container.getUsername(), SiagaConfig.DB_PASSWORD, container.getPassword()));
    }

    public String schema() {
        return schema;
    }

    /** {@code config} with this database's URL, credentials and schema. */
    public SiagaConfig applyTo(SiagaConfig config) {
        return config.with(SiagaConfig.DB_URL, Database.url(base))
                .with(SiagaConfig.DB_USER, base.get(SiagaConfig.DB_USER, "postgres"))
                .with(SiagaConfig.DB_PASSWORD, base.get(SiagaConfig.DB_PASSWORD, ""))
                .with(SiagaConfig.DB_SCHEMA, schema);
    }

    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(Database.url(base),
                base.get(SiagaConfig.DB_USER, "postgres"), base.get(SiagaConfig.DB_PASSWORD, ""));
        connection.setSchema(schema);
        return connection;
    }

    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(Database.url(base),
                base.get(SiagaConfig.DB_USER, "postgres"), base.get(SiagaConfig.DB_PASSWORD, ""));
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + Database.url(base) + " refused '" + sql + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("drop schema if exists " + schema + " cascade");
    }
}
