package org.tillauth.keycloak.apiclient;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tillauth.keycloak.admin.InvalidFieldException;
import org.tillauth.keycloak.secret.ClientSecrets;

/**
 * How long a regenerated client's previous secret keeps working: {@code 0}, {@code 30s} ... {@code
 * 30d}.
 */
final class GracePeriod {

  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})\\s*([smhd]?)");

  private GracePeriod() {}

  static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    Matcher matcher = SYNTAX.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
    if (!matcher.matches()) {
      throw new InvalidFieldException(ApiClientErrors.GRACE_SYNTAX);
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofSeconds(amount);
        };
    if (duration.compareTo(ClientSecrets.MAX_GRACE) > 0) {
      throw new InvalidFieldException(ApiClientErrors.GRACE_SYNTAX);
    }
    return duration;
  }
}
