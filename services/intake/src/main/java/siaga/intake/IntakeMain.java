package siaga.intake;

import java.time.Clock;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs intake alone in this process, configured from the environment. */
public final class IntakeMain {
    private IntakeMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ReferenceCatalog reference = ReferenceConfig.load(config);
        ServiceHost.runUntilStopped(config, reference, List.of(new IntakeService(config, reference, Clock.systemUTC())));
    }
}
