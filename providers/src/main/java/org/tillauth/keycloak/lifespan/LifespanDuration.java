package org.tillauth.keycloak.lifespan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maximum token lifespan as an administrator writes it: a whole number of minutes, hours or days.
 * The unit is kept so that error messages speak the administrator's language ("2 hours", not "120
 * minutes").
 */
public record LifespanDuration(long amount, Unit unit) {

  static final LifespanDuration DEFAULT = new LifespanDuration(60, Unit.MINUTES);
  static final LifespanDuration FLOOR = new LifespanDuration(1, Unit.MINUTES);
  static final LifespanDuration CEILING = new LifespanDuration(30, Unit.DAYS);

  static final String NOT_A_DURATION =
      "Maximum access token lifespan must be a whole number of minutes, hours or days,"
          + " for example 60m, 2h or 30d (a bare number means minutes)";
  static final String OUT_OF_RANGE =
      "Maximum access token lifespan must be between " + FLOOR + " and " + CEILING + ", not %s";

  private static final int MAX_DIGITS = 9;

  // Any number of digits, so that a huge number gets the range message; see parseMaximum.
  private static final Pattern SYNTAX =
      Pattern.compile(
          "([0-9]+)\\s*(m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days)?",
          Pattern.CASE_INSENSITIVE);

  public enum Unit {
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

  public LifespanDuration {
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
    String digits = significant(matcher.group(1));
    Unit unit = Unit.of(matcher.group(2));
    if (digits.length() > MAX_DIGITS) {
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

  /**
   * A duration in the administrator's syntax ({@code 60m}, {@code 2h}, {@code 30d}; a bare number
   * means minutes), without range checks; empty when the text is not one.
   */
  public static java.util.Optional<LifespanDuration> parse(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      return java.util.Optional.empty();
    }
    String digits = significant(matcher.group(1));
    // More than nine digits is beyond every ceiling: kept as the largest amount, never overflowing.
    long amount = digits.length() > MAX_DIGITS ? 999_999_999L : Long.parseLong(digits);
    return java.util.Optional.of(new LifespanDuration(amount, Unit.of(matcher.group(2))));
  }

  /** The longest lifespan the extension allows anywhere: 30 days. */
  public static LifespanDuration ceiling() {
    return CEILING;
  }

  /** The compact form an administrator types: {@code 60m}, {@code 2h}, {@code 30d}. */
  public String compact() {
    return amount
        + switch (unit) {
          case MINUTES -> "m";
          case HOURS -> "h";
          case DAYS -> "d";
        };
  }

  /**
   * The compact form of a number of seconds, in the largest whole unit ({@code 90m}, {@code 2h}).
   */
  public static String compact(long seconds) {
    if (seconds > 0 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds > 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static String significant(String digits) {
    return digits.replaceFirst("^0+(?=.)", "");
  }

  private static String shortened(String digits) {
    return digits.length() <= 20 ? digits : digits.substring(0, 20) + "...";
  }

  public long seconds() {
    return amount * unit.seconds;
  }

  /** "1 minute", "60 minutes", "2 hours", "30 days". */
  @Override
  public String toString() {
    return amount + " " + unit.singular + (amount == 1 ? "" : "s");
  }
}
