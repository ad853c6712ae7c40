package org.tillauth.keycloak.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Logs a warning once per cause and interval, so that a misconfiguration met on every request is
 * reported without flooding the log. An instance belongs to a provider factory (one per server
 * node); it remembers at most {@value #MAX_CAUSES} causes and forgets them all when full, which at
 * worst logs a cause again early.
 */
public final class WarningThrottle {

  /** How often the same cause is logged again while it persists. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private static final int MAX_CAUSES = 1000;

  private final Logger log;
  private final long intervalMillis;
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  public WarningThrottle(Logger log, Duration interval) {
    this.log = log;
    this.intervalMillis = interval.toMillis();
  }

  public WarningThrottle(Logger log) {
    this(log, DEFAULT_INTERVAL);
  }

  /**
   * Logs the message unless the same cause was logged within the interval.
   *
   * @return whether it was logged
   */
  public boolean warn(String cause, String message) {
    long now = System.currentTimeMillis();
    Long previous = lastLogged.get(cause);
    if (previous != null && now - previous < intervalMillis) {
      return false;
    }
    if (lastLogged.size() >= MAX_CAUSES) {
      lastLogged.clear();
    }
    lastLogged.put(cause, now);
    log.warn(message);
    return true;
  }
}
