package org.tillauth.keycloak.support;

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
