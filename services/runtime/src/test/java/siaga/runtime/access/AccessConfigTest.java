package siaga.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import siaga.runtime.SiagaConfig;

class AccessConfigTest {
    @Test
    void intakesOldSettingNamesStopStartUpNamingTheNewOnes() {
        assertThatThrownBy(() -> AccessConfig.from(SiagaConfig.of(Map.of("SIAGA_INTAKE_SESSION_SECRET", "x".repeat(40)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_INTAKE_SESSION_SECRET is no longer read: sign-in is shared by every service now;"
                        + " set SIAGA_SESSION_SECRET instead");
        assertThatThrownBy(() -> AccessConfig.from(SiagaConfig.of(Map.of("SIAGA_INTAKE_PUBLIC_RATE", "10"))))
                .hasMessageContaining("set SIAGA_PUBLIC_RATE instead");
        assertThatThrownBy(() -> AccessConfig.from(SiagaConfig.of(Map.of("SIAGA_INTAKE_SESSION_TTL", "PT1H"))))
                .hasMessageContaining("set SIAGA_SESSION_TTL instead");
    }

    @Test
    void readsTheHostWideSettingsAndRefusesAShortSecret() {
        AccessConfig config = AccessConfig.from(SiagaConfig.of(Map.of(AccessConfig.SESSION_SECRET, "s".repeat(32),
                AccessConfig.SESSION_TTL, "PT2H", AccessConfig.PUBLIC_RATE, "30")));

        assertThat(config).isEqualTo(new AccessConfig("s".repeat(32), Duration.ofHours(2), 30));
        assertThat(config.toString()).doesNotContain("s".repeat(32));
        assertThatThrownBy(() -> AccessConfig.from(SiagaConfig.of(Map.of(AccessConfig.SESSION_SECRET, "short"))))
                .hasMessage("SIAGA_SESSION_SECRET must be at least 32 characters");
        assertThat(AccessConfig.from(SiagaConfig.of(Map.of())).sessionSecret()).hasSizeGreaterThanOrEqualTo(32);
    }
}
