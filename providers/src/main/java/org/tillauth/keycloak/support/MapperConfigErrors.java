package org.tillauth.keycloak.support;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;

/**
 * Builds the exception a mapper's {@code validateConfig} throws so that the admin REST answer is a
 * 400 whose {@code error} and {@code error_description} both carry the plain message.
 *
 * <p>Keycloak passes the message through {@link java.text.MessageFormat} for {@code
 * error_description} (which drops single quotes and fails on braces), and uses it verbatim for
 * {@code error}; messages therefore quote values with double quotes and values are cleaned of the
 * characters MessageFormat treats specially. The one-argument constructor would give a 500.
 */
public final class MapperConfigErrors {

  private MapperConfigErrors() {}

  /** Keycloak's database columns for a mapper's name, protocol and config keys. */
  public static final int MAX_STORED_LENGTH = 255;

  static final String TOO_LONG =
      "Mapper name, protocol and config keys must be at most " + MAX_STORED_LENGTH + " characters";

  static final String NOT_STORABLE =
      "Mapper name and config must not contain NUL characters or unpaired surrogates";

  /**
   * Refuses what the database would refuse after validation (a 500 for every mapper type, stock
   * ones included): a name, protocol or config key longer than its column, or a NUL anywhere (which
   * would also fail the save checks' own lookups on PostgreSQL).
   */
  public static void checkStorable(ProtocolMapperModel model) throws ProtocolMapperConfigException {
    boolean tooLong =
        tooLong(model.getName())
            || tooLong(model.getProtocol())
            || (model.getConfig() != null
                && model.getConfig().keySet().stream().anyMatch(MapperConfigErrors::tooLong));
    if (tooLong) {
      throw invalid(TOO_LONG);
    }
    boolean unstorable =
        !storable(model.getName())
            || (model.getConfig() != null
                && model.getConfig().entrySet().stream()
                    .anyMatch(e -> !storable(e.getKey()) || !storable(e.getValue())));
    if (unstorable) {
      throw invalid(NOT_STORABLE);
    }
  }

  /** PostgreSQL refuses a NUL in any text (and a lookup with one fails the whole query). */
  private static boolean storable(String value) {
    return value == null || JsonBodies.isLookupSafe(value, Integer.MAX_VALUE);
  }

  private static boolean tooLong(String value) {
    return value != null && value.length() > MAX_STORED_LENGTH;
  }

  public static ProtocolMapperConfigException invalid(String message) {
    return new ProtocolMapperConfigException(message, message);
  }

  /** A value safe to embed in such a message. */
  public static String shown(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder shown = new StringBuilder(Math.min(value.length(), 100));
    value
        .codePoints()
        .limit(100)
        .forEach(
            c ->
                shown.appendCodePoint(
                    c == '\'' || c == '{' || c == '}' || Character.isISOControl(c) ? '?' : c));
    return shown.toString();
  }
}
