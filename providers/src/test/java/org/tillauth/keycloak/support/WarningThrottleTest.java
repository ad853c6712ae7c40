package org.tillauth.keycloak.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** A cause is logged once per interval; other causes are not held back by it. */
class WarningThrottleTest {

  final Logger log = mock(Logger.class);

  @Test
  void theSameCauseIsLoggedOncePerInterval() {
    WarningThrottle throttle = new WarningThrottle(log, Duration.ofMinutes(5));

    assertThat(throttle.warn("realm/cred-1", "first")).isTrue();
    assertThat(throttle.warn("realm/cred-1", "again")).isFalse();
    assertThat(throttle.warn("realm/cred-2", "other cause")).isTrue();

    verify(log).warn("first");
    verify(log).warn("other cause");
    verify(log, times(2)).warn(org.mockito.ArgumentMatchers.any(Object.class));
  }

  @Test
  void aCauseIsLoggedAgainOnceTheIntervalHasPassed() throws InterruptedException {
    WarningThrottle throttle = new WarningThrottle(log, Duration.ofMillis(20));

    assertThat(throttle.warn("cause", "first")).isTrue();
    Thread.sleep(40);
    assertThat(throttle.warn("cause", "later")).isTrue();
  }
}
