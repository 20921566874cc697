package siaga.dispatcher;

import java.time.Clock;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs the dispatcher alone: settings from the environment, health on SIAGA_HTTP_PORT. */
public final class DispatcherMain {
    private DispatcherMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ReferenceCatalog reference = ReferenceConfig.load(config);
        ServiceHost.runUntilStopped(config, reference, List.of(new DispatcherService(config, reference, Clock.systemUTC())));
    }
}
