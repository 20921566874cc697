package siaga.fieldcrew;

import java.time.Clock;
import java.util.List;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs field-crew alone: {@code SIAGA_*} settings from the environment, HTTP on {@code SIAGA_HTTP_PORT}. */
public final class FieldCrewMain {
    private FieldCrewMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ServiceHost.runUntilStopped(config, List.of(new FieldCrewService(config, ReferenceConfig.load(config), Clock.systemUTC())));
    }
}
