package org.tillauth.keycloak.lifespan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether an API client's own lifespan can be honoured when Keycloak binds its client-credentials
 * tokens to a stored session, which it does when the client turns on "Use refresh tokens for client
 * credentials grant". Keycloak then ends such a token with its session (the token's {@code exp} is
 * capped at the session's maximum, and introspection, userinfo and the gateway refuse the token
 * once the session is over), so the extension cannot lengthen it: a save that would need a longer
 * session is refused with the settings to change. Without refresh tokens the session is transient
 * and nothing outside the token limits it (see {@link ServiceAccountTokenLift}). Pure logic.
 */
final class PersistentSessionRule {

  /** Keycloak's client attribute behind "Use refresh tokens for client credentials grant". */
  static final String REFRESH_TOKENS = "client_credentials.use_refresh_token";

  /** Keycloak's client attribute behind the client's "Client Session Max" (seconds). */
  static final String CLIENT_SESSION_MAX = "client.session.max.lifespan";

  /** What Keycloak applies when the realm's SSO Session Max is 0 or less. */
  static final long DEFAULT_SSO_SESSION_MAX = 36_000;

  static final String OUTLIVES_SESSION =
      "Token expiry duration of %s is longer than this client's sessions last (%s): with \"Use"
          + " refresh tokens for client credentials grant\" on, its tokens end with their session."
          + " Turn that option off, or raise %s to at least %s";

  static final String SSO_SESSION_MAX = "SSO Session Max (realm settings, Sessions)";
  static final String CLIENTS_SESSION_MAX =
      "the client's Client Session Max (" + CLIENT_SESSION_MAX + ")";
  static final String REALMS_CLIENT_SESSION_MAX = "Client Session Max (realm settings, Sessions)";

  /**
   * The settings that bound a client's stored sessions, as Keycloak reads them: the realm's SSO
   * Session Max and Client Session Max (seconds, 0 = not set) and the client's own Client Session
   * Max attribute (blank or not a number = not set).
   */
  record Settings(
      boolean refreshTokens,
      long ssoSessionMax,
      long realmClientSessionMax,
      String clientSessionMax) {}

  private PersistentSessionRule() {}

  /** Empty when the lifespan fits the client's sessions, or when its sessions are not stored. */
  static Optional<String> violation(String lifespan, Settings settings) {
    OptionalLong own = ClientLifespanRule.ownSeconds(lifespan);
    if (!settings.refreshTokens() || own.isEmpty()) {
      return Optional.empty();
    }
    long wanted = own.getAsLong();
    // Keycloak's order (SessionExpirationUtils.calculateClientSessionMaxLifespanTimestamp): the
    // client's attribute replaces the realm's Client Session Max, and the SSO Session Max caps
    // both.
    long sso = settings.ssoSessionMax() > 0 ? settings.ssoSessionMax() : DEFAULT_SSO_SESSION_MAX;
    long session = sso;
    List<String> tooShort = new ArrayList<>();
    if (sso < wanted) {
      tooShort.add(SSO_SESSION_MAX);
    }
    long clientMax = seconds(settings.clientSessionMax());
    if (clientMax > 0) {
      session = Math.min(session, clientMax);
      if (clientMax < wanted) {
        tooShort.add(CLIENTS_SESSION_MAX);
      }
    } else if (settings.realmClientSessionMax() > 0) {
      session = Math.min(session, settings.realmClientSessionMax());
      if (settings.realmClientSessionMax() < wanted) {
        tooShort.add(REALMS_CLIENT_SESSION_MAX);
      }
    }
    if (session >= wanted) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            OUTLIVES_SESSION,
            ClientLifespanRule.describe(wanted),
            ClientLifespanRule.describe(session),
            String.join(" and ", tooShort),
            ClientLifespanRule.describe(wanted)));
  }

  /** Keycloak reads the attribute with {@code Long.parseLong}; anything else counts as not set. */
  private static long seconds(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
