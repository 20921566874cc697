package siaga.fieldcrew;

import java.time.Clock;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.ReferenceConfig;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;

/** Runs field-crew alone: {@code SIAGA_*} settings from the environment, HTTP on {@code SIAGA_HTTP_PORT}. */
public final class FieldCrewMain {
    private FieldCrewMain() {
    }

    public static void main(String[] args) {
        SiagaConfig config = SiagaConfig.fromEnvironment();
        ReferenceCatalog reference = ReferenceConfig.load(config);
        ServiceHost.runUntilStopped(config, reference, List.of(new FieldCrewService(config, reference, Clock.systemUTC())));
    }
}
