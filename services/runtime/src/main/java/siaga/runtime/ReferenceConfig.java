package siaga.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

/** Loads the jurisdictions' reference data named by {@code SIAGA_REFERENCE_FILES}, or the demo's. */
public final class ReferenceConfig {
    private ReferenceConfig() {
    }

    /** Every configured jurisdiction; the comma-separated files, or Kota Madiun when none is set. */
    public static ReferenceCatalog load(SiagaConfig config) {
        return new ReferenceCatalog(config.find(SiagaConfig.REFERENCE_FILES)
                .map(files -> Arrays.stream(files.split(","))
                        .map(String::trim)
                        .filter(f -> !f.isEmpty())
                        .map(f -> ReferenceData.fromFile(Path.of(f)))
                        .toList())
                .orElseGet(() -> List.of(ReferenceData.demo())));
    }
}
