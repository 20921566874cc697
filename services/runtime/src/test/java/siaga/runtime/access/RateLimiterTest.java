package siaga.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final SessionsTest.MovingClock clock = new SessionsTest.MovingClock();
    final RateLimiter limiter = new RateLimiter(60, clock);

    @Test
    void aClientBurstsAMinutesWorthThenWaitsASecondPerRequestAndOthersAreNotAffected() {
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.take("10.0.0.1")).isZero();
        }
        assertThat(limiter.take("10.0.0.1")).isEqualTo(1000);
        assertThat(limiter.take("10.0.0.2")).isZero();
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(limiter.take("10.0.0.1")).isZero();
    }

    @Test
    void aClockSteppedBackRefillsNothingAndDrainsNothing() {
        for (int i = 0; i < 60; i++) {
            limiter.take("10.0.0.1");
        }
        clock.now = clock.now.minus(Duration.ofDays(1));
        assertThat(limiter.take("10.0.0.1")).isEqualTo(1000);
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(limiter.take("10.0.0.1")).isZero();
    }
}
