package org.tillauth.keycloak.gateway;

import java.util.List;
import java.util.Locale;

/**
 * What the API request presented: till Basic credentials, an access token ({@code Authorization:
 * Bearer} or the platform header {@code X-CAP-API-OAUTH-TOKEN}), nothing, or something unusable.
 */
sealed interface PresentedCredentials {

  String PLATFORM_TOKEN_HEADER = "X-CAP-API-OAUTH-TOKEN";

  /** Tokens of this realm are a few kB; anything far larger is not one of ours. */
  int MAX_TOKEN_LENGTH = 16384;

  record None() implements PresentedCredentials {}

  record Basic(BasicCredentials credentials) implements PresentedCredentials {}

  record Bearer(String token) implements PresentedCredentials {}

  /** Malformed, repeated or conflicting. */
  record Unusable(Problem problem) implements PresentedCredentials {}

  enum Problem {
    MALFORMED_BASIC,
    MALFORMED_TOKEN,
    /** A credentials header repeated, or Basic and a token, or two different tokens. */
    CONFLICT
  }

  static PresentedCredentials from(List<String> authorization, List<String> platformToken) {
    int authorizations = authorization == null ? 0 : authorization.size();
    int platformTokens = platformToken == null ? 0 : platformToken.size();
    if (authorizations > 1 || platformTokens > 1) {
      return new Unusable(Problem.CONFLICT);
    }
    PresentedCredentials fromAuthorization =
        authorizations == 0 ? new None() : fromAuthorization(authorization.get(0));
    if (platformTokens == 0) {
      return fromAuthorization;
    }
    PresentedCredentials fromPlatform = bearer(platformToken.get(0));
    if (fromAuthorization instanceof None) {
      return fromPlatform;
    }
    // Both headers: accepted only when they carry the same token.
    if (fromAuthorization instanceof Bearer a && fromPlatform instanceof Bearer p) {
      return a.token().equals(p.token()) ? a : new Unusable(Problem.CONFLICT);
    }
    return new Unusable(Problem.CONFLICT);
  }

  private static PresentedCredentials fromAuthorization(String value) {
    String trimmed = value == null ? "" : value.strip();
    int space = trimmed.indexOf(' ');
    String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : trimmed.substring(space + 1).strip();
    return switch (scheme) {
      case "basic" ->
          BasicCredentials.parse(rest)
              .<PresentedCredentials>map(Basic::new)
              .orElse(new Unusable(Problem.MALFORMED_BASIC));
      case "bearer" -> bearer(rest);
      default -> new Unusable(Problem.MALFORMED_TOKEN);
    };
  }

  private static PresentedCredentials bearer(String value) {
    String token = value == null ? "" : value.strip();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH || !isTokenSyntax(token)) {
      return new Unusable(Problem.MALFORMED_TOKEN);
    }
    return new Bearer(token);
  }

  /** RFC 6750 b64token characters. */
  private static boolean isTokenSyntax(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || "-._~+/=".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
