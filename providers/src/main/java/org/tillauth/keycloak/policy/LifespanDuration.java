package org.tillauth.keycloak.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maximum token lifespan as an administrator writes it: a whole number of minutes, hours or days.
 * The unit is kept so that error messages speak the administrator's language ("2 hours", not "120
 * minutes").
 */
record LifespanDuration(long amount, Unit unit) {

  static final LifespanDuration DEFAULT = new LifespanDuration(60, Unit.MINUTES);
  static final LifespanDuration FLOOR = new LifespanDuration(1, Unit.MINUTES);
  static final LifespanDuration CEILING = new LifespanDuration(30, Unit.DAYS);

  static final String NOT_A_DURATION =
      "Maximum access token lifespan must be a whole number of minutes, hours or days,"
          + " for example 60m, 2h or 30d (a bare number means minutes)";
  static final String OUT_OF_RANGE =
      "Maximum access token lifespan must be between " + FLOOR + " and " + CEILING + ", not %s";

  // Any number of digits, so that a huge number gets the range message; see parseMaximum.
  private static final Pattern SYNTAX =
      Pattern.compile(
          "([0-9]+)\\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)?",
          Pattern.CASE_INSENSITIVE);

  enum Unit {
    MINUTES("minute", 60),
    HOURS("hour", 3_600),
    DAYS("day", 86_400);

    private final String singular;
    private final long seconds;

    Unit(String singular, long seconds) {
      this.singular = singular;
      this.seconds = seconds;
    }

    static Unit of(String suffix) {
      if (suffix == null) {
        return MINUTES;
      }
      return switch (suffix.toLowerCase(Locale.ROOT).charAt(0)) {
        case 'h' -> HOURS;
        case 'd' -> DAYS;
        default -> MINUTES;
      };
    }
  }

  LifespanDuration {
    if (amount < 0 || unit == null) {
      throw new IllegalArgumentException(NOT_A_DURATION);
    }
  }

  /**
   * Parses and range-checks a configured maximum; {@code null} or blank means {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException with a message fit for the administrator
   */
  static LifespanDuration parseMaximum(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT;
    }
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(NOT_A_DURATION);
    }
    String digits = matcher.group(1).replaceFirst("^0+(?=.)", "");
    Unit unit = Unit.of(matcher.group(2));
    if (digits.length() > 9) {
      // Far beyond the ceiling whatever the unit; nine digits keep amount * 86400 from overflow.
      throw new IllegalArgumentException(
          String.format(OUT_OF_RANGE, shortened(digits) + " " + unit.singular + "s"));
    }
    LifespanDuration duration = new LifespanDuration(Long.parseLong(digits), unit);
    if (duration.seconds() < FLOOR.seconds() || duration.seconds() > CEILING.seconds()) {
      throw new IllegalArgumentException(String.format(OUT_OF_RANGE, duration));
    }
    return duration;
  }

  private static String shortened(String digits) {
    return digits.length() <= 20 ? digits : digits.substring(0, 20) + "...";
  }

  long seconds() {
    return amount * unit.seconds;
  }

  /** "1 minute", "60 minutes", "2 hours", "30 days". */
  @Override
  public String toString() {
    return amount + " " + unit.singular + (amount == 1 ? "" : "s");
  }
}
