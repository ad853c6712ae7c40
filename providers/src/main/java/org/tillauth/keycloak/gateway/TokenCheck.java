package org.tillauth.keycloak.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.tillauth.keycloak.accessgroup.AccessGroupMapper;
import org.tillauth.keycloak.internals.KeycloakApiBridge;
import org.tillauth.keycloak.support.WarningThrottle;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillClaims;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * Access tokens presented to the API, verified by Keycloak's own bearer-token check (the one its
 * userinfo and admin endpoints use): signature with the realm's keys, expiry, issuer, type {@code
 * Bearer} (ID and refresh tokens are refused), revocation, the client still enabled, the user still
 * valid and, for tokens bound to a stored session, that session still active.
 */
final class TokenCheck {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final WarningThrottle warnings;

  TokenCheck(KeycloakSession session, RealmModel realm, WarningThrottle warnings) {
    this.session = session;
    this.realm = realm;
    this.warnings = warnings;
  }

  Optional<Caller> check(String token) {
    return KeycloakApiBridge.bearer(session, realm, token)
        .flatMap(bearer -> callerOf(bearer.user(), bearer.token()));
  }

  private Optional<Caller> callerOf(UserModel user, AccessToken token) {
    Map<String, Object> claims = token.getOtherClaims();
    Optional<String> clientId = Optional.ofNullable(token.getIssuedFor());
    Optional<String> subject = Optional.ofNullable(token.getSubject());
    Optional<Till> till = TillDirectory.asTill(realm, user);
    if (till.isPresent()) {
      if (till.get().inSeveralStores()) {
        // Put into a second store after its token was issued: no store to forward.
        warnings.warn(
            realm.getId() + "/store-conflict/" + till.get().code(),
            "Gateway refused a till token in realm '"
                + realm.getName()
                + "': "
                + till.get().severalStoresMessage());
        return Optional.empty();
      }
      return Optional.of(Caller.till(till.get(), clientId, subject));
    }
    Caller.Type type =
        user.getServiceAccountClientLink() != null ? Caller.Type.API_CLIENT : Caller.Type.USER;
    return Optional.of(
        new Caller(
            type,
            string(claims.get(TillClaims.TILL_CODE)),
            string(claims.get(TillClaims.STORE_CODE)),
            string(claims.get(TillClaims.TILL_ATTRIBUTION)),
            clientId,
            subject,
            string(claims.get(AccessGroupMapper.CLAIM_GROUP)),
            strings(claims.get(AccessGroupMapper.CLAIM_PERMISSIONS))));
  }

  private static Optional<String> string(Object claim) {
    return claim instanceof String value ? Optional.of(value) : Optional.empty();
  }

  private static List<String> strings(Object claim) {
    if (!(claim instanceof Collection<?> values)) {
      return List.of();
    }
    return values.stream()
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .sorted()
        .toList();
  }
}
