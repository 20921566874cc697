package siaga.launcher;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import siaga.archive.ArchiveService;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.dispatcher.DispatcherService;
import siaga.fieldcrew.FieldCrewService;
import siaga.intake.IntakeService;
import siaga.runtime.Service;
import siaga.runtime.SiagaConfig;
import siaga.sla.SlaMonitorService;

/** Every service the launcher can run, by the name used on the command line, in start-up order. */
public final class ServiceCatalog {
    @FunctionalInterface
    interface Factory {
        Service create(SiagaConfig config, ReferenceCatalog reference, Clock clock);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("archive", ArchiveService::new);
        FACTORIES.put("sla-monitor", SlaMonitorService::new);
        FACTORIES.put("dispatcher", DispatcherService::new);
        FACTORIES.put("field-crew", FieldCrewService::new);
        FACTORIES.put("intake", IntakeService::new);
    }

    private ServiceCatalog() {
    }

    public static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The named services in catalog order; an unknown name raises IllegalArgumentException listing the known ones. */
    public static List<Service> create(List<String> names, SiagaConfig config, ReferenceCatalog reference, Clock clock) {
        for (String name : names) {
            if (!FACTORIES.containsKey(name)) {
                throw new IllegalArgumentException("unknown service '" + name + "'; known: " + String.join(", ", names()));
            }
        }
        return FACTORIES.entrySet().stream()
                .filter(e -> names.contains(e.getKey()))
                .map(e -> e.getValue().create(config, reference, clock))
                .toList();
    }
}
