package siaga.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import siaga.archive.ArchiveRebuild;
import siaga.runtime.SiagaConfig;

/**
 * {@code siaga archive --rebuild}: empties the archive's tables and replays every topic it reads from the start
 * ({@link ArchiveRebuild}), then exits. The archive must be stopped first; the command refuses otherwise.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Maintain the archive. --rebuild empties its tables and replays every topic from the start;"
                + " stop the archive first.")
public final class ArchiveCommand implements Callable<Integer> {
    @Option(names = "--rebuild", required = true,
            description = "Empty the archive and rebuild it from Kafka, then exit.")
    boolean rebuild;

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: SIAGA_BOOTSTRAP_SERVERS or localhost:9092).")
    String bootstrap;

    @Option(names = "--db", description = "PostgreSQL JDBC URL (default: SIAGA_DB_URL or jdbc:postgresql://127.0.0.1:5432/postgres).")
    String db;

    @Override
    public Integer call() {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        if (bootstrap != null) {
            config = config.with(SiagaConfig.BOOTSTRAP_SERVERS, bootstrap);
        }
        if (db != null) {
            config = config.with(SiagaConfig.DB_URL, db);
        }
        try {
            ArchiveRebuild.Result result = ArchiveRebuild.run(config);
            System.out.printf("archive rebuilt in %d ms: %d records replayed, %d events, %d dead letters, %d records refused%n",
                    result.took().toMillis(), result.records(), result.events(), result.deadLetters(), result.refused());
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("siaga archive --rebuild: " + e.getMessage());
            return 1;
        }
    }
}
