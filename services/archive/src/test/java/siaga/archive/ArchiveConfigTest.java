package siaga.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import siaga.runtime.SiagaConfig;

class ArchiveConfigTest {
    @Test
    void defaultsSuitTheDemo() {
        assertThat(ArchiveConfig.from(SiagaConfig.of(Map.of()))).isEqualTo(new ArchiveConfig(Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(10), 2000, Duration.ofSeconds(10), 4));
    }

    @Test
    void aBadValueStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> ArchiveConfig.from(SiagaConfig.of(Map.of(ArchiveConfig.RETRY_BACKOFF, "soon"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SIAGA_ARCHIVE_RETRY_BACKOFF must be an ISO-8601 duration");
        assertThatThrownBy(() -> ArchiveConfig.from(SiagaConfig.of(Map.of(ArchiveConfig.RETRY_BACKOFF_MAX, "PT0.1S"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_ARCHIVE_RETRY_BACKOFF_MAX must not be shorter than SIAGA_ARCHIVE_RETRY_BACKOFF, was PT0.1S < PT0.2S");
        assertThatThrownBy(() -> ArchiveConfig.from(SiagaConfig.of(Map.of(ArchiveConfig.MAX_POLL_RECORDS, "20000"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_ARCHIVE_MAX_POLL_RECORDS must be between 1 and 10000, was 20000");
    }
}
