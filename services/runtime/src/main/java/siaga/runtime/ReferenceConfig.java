package siaga.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/** Loads the jurisdictions' reference data named by {@code SIAGA_REFERENCE_FILES}, or the demo's. */
public final class ReferenceConfig {
    private ReferenceConfig() {
    }

    /** Every configured jurisdiction; the comma-separated files, or the demo deployment's when none is set. */
    public static ReferenceCatalog load(SiagaConfig config) {
        return config.find(SiagaConfig.REFERENCE_FILES)
                .map(files -> Arrays.stream(files.split(","))
                        .map(String::trim)
                        .filter(f -> !f.isEmpty())
                        .map(f -> ReferenceData.fromFile(Path.of(f)))
                        .toList())
                .map(ReferenceCatalog::new)
                .orElseGet(ReferenceCatalog::demo);
    }
}
