package org.tillauth.keycloak.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Logs a warning once per cause and interval, so a misconfiguration does not flood the log. */
final class WarningThrottle {

  private static final int MAX_CAUSES = 1000;

  private final Logger log;
  private final long intervalMillis;
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  WarningThrottle(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalMillis = intervalMillis;
  }

  void warn(String cause, String message) {
    long now = System.currentTimeMillis();
    Long previous = lastLogged.get(cause);
    if (previous != null && now - previous < intervalMillis) {
      return;
    }
    if (lastLogged.size() >= MAX_CAUSES) {
      lastLogged.clear();
    }
    lastLogged.put(cause, now);
    log.warn(message);
  }
}
