package siaga.archive;

import java.time.Clock;
import java.util.List;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs the archive alone: {@code java siaga.archive.ArchiveMain}, configured by SIAGA_* environment variables. */
public final class ArchiveMain {
    private ArchiveMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ServiceHost.runUntilStopped(config, List.of(new ArchiveService(config, ReferenceConfig.load(config), Clock.systemUTC())));
    }
}
