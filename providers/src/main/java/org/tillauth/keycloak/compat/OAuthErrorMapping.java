package org.tillauth.keycloak.compat;

/**
 * Translates an OAuth error produced by Keycloak's token machinery into the envelope's error.
 *
 * <p>Every 401 from the client-credentials grant is a client-authorisation failure (public or
 * bearer-only client, service accounts disabled, service-account user missing or disabled); they
 * all collapse into {@link CompatError#INVALID_CLIENT} so callers cannot tell them apart. Anything
 * else keeps Keycloak's HTTP status and its {@code error_description} as the message.
 */
final class OAuthErrorMapping {

  private OAuthErrorMapping() {}

  static CompatError toCompatError(int status, String error, String errorDescription) {
    if (status == 401) {
      return CompatError.INVALID_CLIENT;
    }
    if (status >= 500 || status < 400) {
      return CompatError.INTERNAL_ERROR;
    }
    String message =
        notBlank(errorDescription)
            ? errorDescription
            : notBlank(error) ? error : CompatError.REJECTED_FALLBACK_MESSAGE;
    return CompatError.rejected(status, message);
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
