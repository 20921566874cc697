package siaga.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import siaga.runtime.SiagaConfig;

class SlaMonitorConfigTest {

    @Test
    void runsExactlyOnceWithKafkasDefaultSessionTimeoutUnlessTold() {
        var streams = SlaMonitorConfig.from(SiagaConfig.of(Map.of())).streams();

        assertThat(streams).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("consumer.session.timeout.ms", 45_000)
                .containsEntry("consumer.heartbeat.interval.ms", 15_000);
    }

    @Test
    void aShorterSessionTimeoutHeartbeatsEveryThirdOfIt() {
        var streams = SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.SESSION_TIMEOUT, "PT6S"))).streams();

        assertThat(streams).containsEntry("consumer.session.timeout.ms", 6_000)
                .containsEntry("consumer.heartbeat.interval.ms", 2_000);
    }

    @Test
    void aSessionTimeoutTheBrokerWouldRefuseStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.SESSION_TIMEOUT, "PT2S"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_SLA_SESSION_TIMEOUT must be between PT6S and PT30M, was PT2S");
        assertThatThrownBy(() -> SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.SESSION_TIMEOUT, "45"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SIAGA_SLA_SESSION_TIMEOUT must be an ISO-8601 duration");
    }

    @Test
    void aTaskCatchesUpWhileItsRecordsAreAMinuteBehindAndItReadOneInTheLastTenSecondsUnlessTold() {
        assertThat(SlaMonitorConfig.from(SiagaConfig.of(Map.of())).catchUp())
                .isEqualTo(new CatchUp(Duration.ofMinutes(1), Duration.ofSeconds(10)));
        assertThat(SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.CATCH_UP_LAG, "PT5M",
                SlaMonitorConfig.CATCH_UP_IDLE, "PT3S"))).catchUp()).isEqualTo(new CatchUp(Duration.ofMinutes(5), Duration.ofSeconds(3)));
    }

    @Test
    void aCatchUpLagOrIdleOutOfBoundsStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.CATCH_UP_LAG, "PT5S"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_SLA_CATCH_UP_LAG must be between PT10S and PT24H, was PT5S");
        assertThatThrownBy(() -> SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.CATCH_UP_LAG, "P2D"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_SLA_CATCH_UP_LAG must be between PT10S and PT24H, was PT48H");
        assertThatThrownBy(() -> SlaMonitorConfig.from(SiagaConfig.of(Map.of(SlaMonitorConfig.CATCH_UP_IDLE, "PT1S"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SIAGA_SLA_CATCH_UP_IDLE must be between PT2S and PT5M, was PT1S");
    }
}
