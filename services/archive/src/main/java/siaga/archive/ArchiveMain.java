package siaga.archive;

import java.time.Clock;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs the archive alone: {@code java siaga.archive.ArchiveMain}, configured by SIAGA_* environment variables. */
public final class ArchiveMain {
    private ArchiveMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ReferenceCatalog reference = ReferenceConfig.load(config);
        ServiceHost.runUntilStopped(config, reference, List.of(new ArchiveService(config, reference, Clock.systemUTC())));
    }
}
