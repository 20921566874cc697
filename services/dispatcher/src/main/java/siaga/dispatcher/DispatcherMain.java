package siaga.dispatcher;

import java.time.Clock;
import java.util.List;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs the dispatcher alone: settings from the environment, health on SIAGA_HTTP_PORT. */
public final class DispatcherMain {
    private DispatcherMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ServiceHost.runUntilStopped(config,
                List.of(new DispatcherService(config, ReferenceConfig.load(config), Clock.systemUTC())));
    }
}
