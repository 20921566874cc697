package siaga.sla;

import java.time.Clock;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs the SLA monitor alone, configured from the environment (see {@link SiagaConfig}). */
public final class SlaMonitorMain {
    private SlaMonitorMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ReferenceCatalog reference = ReferenceConfig.load(config);
        ServiceHost.runUntilStopped(config, reference, List.of(new SlaMonitorService(config, reference, Clock.systemUTC())));
    }
}
