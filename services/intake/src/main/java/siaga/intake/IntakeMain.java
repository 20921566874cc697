package siaga.intake;

import java.time.Clock;
import java.util.List;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs intake alone in this process, configured from the environment. */
public final class IntakeMain {
    private IntakeMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        IntakeService service = new IntakeService(config, ReferenceConfig.load(config), Clock.systemUTC());
        ServiceHost.runUntilStopped(config, List.of(service));
    }
}
