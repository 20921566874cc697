package siaga.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;

/**
 * Finds the demo a PostgreSQL: the configured one ({@code SIAGA_DB_URL}, default 127.0.0.1:5432) if it answers,
 * otherwise an embedded PostgreSQL (real binaries from Maven Central) with a data directory of its own.
 * PostgreSQL refuses to run as root, so there the embedded one fails and the demo goes on without a database.
 */
final class DemoDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoDatabase.class);

    private final EmbeddedPostgres embedded;
    private final SiagaConfig config;

    private DemoDatabase(EmbeddedPostgres embedded, SiagaConfig config) {
        this.embedded = embedded;
        this.config = config;
    }

    /** The settings to run with, or empty where no PostgreSQL could be had (the reason is logged). */
    static Optional<DemoDatabase> find(SiagaConfig config, Path dataDir) {
        String url = Database.url(config);
        String failure = probe(url, config);
        if (failure == null) {
            log.info("using PostgreSQL at {}", url);
            return Optional.of(new DemoDatabase(null, config));
        }
        if (config.find(SiagaConfig.DB_URL).isPresent()) {
            log.error("PostgreSQL at {} (SIAGA_DB_URL) does not answer: {}", url, failure);
            return Optional.empty();
        }
        try {
            Path dir = Files.createDirectories(dataDir);
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
            String embeddedUrl = embedded.getJdbcUrl("postgres", "postgres");
            log.info("no PostgreSQL at {}; started an embedded one at {} (data {})", url, embeddedUrl, dir);
            return Optional.of(new DemoDatabase(embedded, config.with(SiagaConfig.DB_URL, embeddedUrl)
                    .with(SiagaConfig.DB_USER, "postgres").with(SiagaConfig.DB_PASSWORD, "")));
        } catch (IOException | RuntimeException e) {
            log.warn("no PostgreSQL at {} and the embedded one cannot start ({}); set SIAGA_DB_URL to a server "
                    + "(e.g. jdbc:postgresql://host:5432/postgres) to run intake and the archive", url, rootMessage(e));
            return Optional.empty();
        }
    }

    SiagaConfig config() {
        return config;
    }

    private static String probe(String url, SiagaConfig config) {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(url, config.get(SiagaConfig.DB_USER, "postgres"),
                config.get(SiagaConfig.DB_PASSWORD, ""))) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
