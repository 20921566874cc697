package siaga.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import siaga.runtime.SiagaConfig;

class DispatcherConfigTest {

    @Test
    void commitsEveryFiftyMillisecondsUnlessToldOtherwise() {
        assertThat(DispatcherConfig.from(SiagaConfig.of(Map.of())).streams().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .isEqualTo(50L);
        assertThat(DispatcherConfig.from(SiagaConfig.of(Map.of(DispatcherConfig.COMMIT_INTERVAL, "PT0.02S"))).streams()
                .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(20L);
    }

    @Test
    void aCommitIntervalOutOfRangeStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> DispatcherConfig.from(SiagaConfig.of(Map.of(DispatcherConfig.COMMIT_INTERVAL, "PT0S"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_DISPATCHER_COMMIT_INTERVAL must be between PT0.001S and PT10S, was PT0S");
        assertThatThrownBy(() -> DispatcherConfig.from(SiagaConfig.of(Map.of(DispatcherConfig.COMMIT_INTERVAL, "PT1M"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_DISPATCHER_COMMIT_INTERVAL must be between PT0.001S and PT10S, was PT1M");
    }
}
