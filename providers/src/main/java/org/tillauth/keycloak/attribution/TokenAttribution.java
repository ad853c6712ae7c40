package org.tillauth.keycloak.attribution;

import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.ErrorResponseException;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * Which attribution the token being mapped carries, for {@link TillAttributionMapper}, which only
 * writes it. Nothing here decides from request headers: that is {@link TillAttributionExecutor}'s
 * job, before a token exists.
 *
 * <ul>
 *   <li>A till's own token is attributed to the till itself.
 *   <li>A service-account token carries what the executor decided and kept in the user session.
 *   <li>When an issued token is looked at again (introspection, userinfo) and the session kept
 *       nothing, the presented token's own claims are repeated.
 *   <li>A service-account token being issued with no decision means the executor does not apply to
 *       the client: the token is refused (fail closed) rather than issued unattributed.
 * </ul>
 */
final class TokenAttribution {

  static final String NOT_DECIDED =
      "Till attribution is not set up for this client: the 'till-attribution' client policy"
          + " executor does not apply to it";

  private TokenAttribution() {}

  /** The attribution of a token being issued (or refreshed). */
  static Optional<Attribution> atIssue(
      TillAttributionConfig config, UserSessionModel userSession, ClientModel client) {
    UserModel user = userSession.getUser();
    if (user.getServiceAccountClientLink() == null) {
      Optional<Till> till = TillDirectory.asTill(userSession.getRealm(), user);
      if (till.isPresent() && till.get().inSeveralStores()) {
        throw refused(till.get().severalStoresMessage());
      }
      return till.map(t -> AttributionDecider.self(config, RealmPlaces.ref(t)));
    }
    Optional<Attribution> stored = AttributionNotes.load(userSession);
    if (stored.isEmpty()) {
      throw new NotDecidedException(client);
    }
    return stored;
  }

  /** The attribution of an issued token looked at again; never refuses, never decides anew. */
  static Optional<Attribution> atRevisit(
      TillAttributionConfig config,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientModel client) {
    UserModel user = userSession.getUser();
    if (user.getServiceAccountClientLink() == null) {
      return TillDirectory.asTill(userSession.getRealm(), user)
          .filter(till -> !till.inSeveralStores())
          .map(till -> AttributionDecider.self(config, RealmPlaces.ref(till)));
    }
    Optional<Attribution> stored = AttributionNotes.load(userSession);
    if (stored.isPresent()) {
      return stored;
    }
    return PresentedToken.find(session, userSession, client)
        .flatMap(presented -> Attribution.fromClaims(presented.getOtherClaims()));
  }

  /** Keycloak answers this as 400 {@code invalid_request} with the text, before any token. */
  static ErrorResponseException refused(String description) {
    return new ErrorResponseException(
        OAuthErrorException.INVALID_REQUEST, description, Response.Status.BAD_REQUEST);
  }

  /** A service-account token with no decision: the client is not covered by the executor. */
  static final class NotDecidedException extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    private final transient ClientModel client;

    NotDecidedException(ClientModel client) {
      super(OAuthErrorException.INVALID_REQUEST, NOT_DECIDED, Response.Status.BAD_REQUEST);
      this.client = client;
    }

    ClientModel client() {
      return client;
    }
  }
}
