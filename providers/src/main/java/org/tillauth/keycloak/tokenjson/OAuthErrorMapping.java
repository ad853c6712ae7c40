package org.tillauth.keycloak.tokenjson;

import java.util.Set;
import org.keycloak.OAuthErrorException;

/**
 * Translates an OAuth error produced by Keycloak's token endpoint into the envelope's error.
 *
 * <p>Client-authentication failures collapse into {@link CompatError#INVALID_CLIENT} so callers
 * cannot tell them apart: every 401 (unknown client, wrong or expired secret, public client,
 * service accounts disabled, service-account user disabled, ...) and every {@code invalid_client}
 * or {@code unauthorized_client} error whatever its status (bearer-only or non-OIDC client, a
 * client whose authenticator does not take a secret in the body, such as signed JWT). Anything else
 * keeps Keycloak's HTTP status and its {@code error_description} as the message.
 */
final class OAuthErrorMapping {

  private static final Set<String> CLIENT_ERRORS =
      Set.of(OAuthErrorException.INVALID_CLIENT, OAuthErrorException.UNAUTHORIZED_CLIENT);

  private OAuthErrorMapping() {}

  static CompatError toCompatError(int status, String error, String errorDescription) {
    if (status == 401
        || (status >= 400 && status < 500 && error != null && CLIENT_ERRORS.contains(error))) {
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
