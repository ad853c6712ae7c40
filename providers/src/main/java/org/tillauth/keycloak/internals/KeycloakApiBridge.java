package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.managers.DefaultBlockingBruteForceProtector;
import org.keycloak.services.managers.DefaultBruteForceProtector;

/**
 * The Keycloak APIs outside an authentication flow whose signatures differ between the supported
 * versions (26.4 to 26.7), called the one way that works on all of them. Everything else calls
 * Keycloak directly, through the other classes of this package where it is not SPI.
 *
 * <ul>
 *   <li>{@link BruteForceProtector#failedLogin} / {@code successfulLogin}: 26.6 added a fifth
 *       parameter (the authentication categories that may count); 26.4 and 26.5 have four. Resolved
 *       once by reflection, preferring the newer form.
 *   <li>{@link AuthenticationManager.AuthResult}: a class with {@code getUser()} / {@code
 *       getToken()} in 26.4, a record in 26.5+ that keeps those getters (deprecated, still there in
 *       26.7).
 *   <li>{@code AppAuthManager.BearerTokenAuthenticator} (keycloak-services, since 26.0): the bearer
 *       token check that Keycloak's own endpoints (userinfo, admin REST) run.
 *   <li>{@code DefaultBruteForceProtector} / {@code DefaultBlockingBruteForceProtector}
 *       (keycloak-services, the blocking one since 24): the default protector, and its non-blocking
 *       parent that reads the lockout from the failure record alone.
 * </ul>
 */
public final class KeycloakApiBridge {

  private static final Set<String> PASSWORD_CATEGORY = Set.of(PasswordCredentialModel.TYPE);

  private static final String LOGIN_CALLBACKS =
      "BruteForceProtector.failedLogin/successfulLogin (Keycloak 26.4, 26.6)";

  private KeycloakApiBridge() {}

  /** Resolved on first use, inside the {@link Boundary}. */
  private static final class Callbacks {
    static final Method FAILED_LOGIN = loginCallback("failedLogin");
    static final Method SUCCESSFUL_LOGIN = loginCallback("successfulLogin");
  }

  /** The user and token of a valid bearer token. */
  public record Bearer(UserModel user, AccessToken token) {}

  /**
   * Checks a bearer token the way Keycloak's own endpoints do (signature, expiry, session, user
   * enabled); empty when it is not valid in the realm.
   */
  public static Optional<Bearer> bearer(KeycloakSession session, RealmModel realm, String token) {
    return Boundary.call(
        "AppAuthManager.BearerTokenAuthenticator (Keycloak 26.4)",
        () -> {
          AuthenticationManager.AuthResult result =
              new AppAuthManager.BearerTokenAuthenticator(session)
                  .setRealm(realm)
                  .setTokenString(token)
                  .authenticate();
          return result == null
              ? Optional.<Bearer>empty()
              : Optional.of(new Bearer(user(result), token(result)));
        });
  }

  /**
   * The protector that reads a lockout from the failure record alone, without refusing a login
   * because another login of the same user is in progress on this node: Keycloak's non-blocking
   * default when {@code keycloaks} is its blocking one, else {@code keycloaks}.
   */
  public static BruteForceProtector nonBlocking(
      KeycloakSession session, BruteForceProtector keycloaks) {
    return Boundary.call(
        "DefaultBlockingBruteForceProtector extends DefaultBruteForceProtector (Keycloak 26.4)",
        () ->
            keycloaks instanceof DefaultBlockingBruteForceProtector
                ? new DefaultBruteForceProtector(session.getKeycloakSessionFactory())
                : keycloaks);
  }

  /** Counts a failed password login against the user (brute-force detection). */
  public static void failedPasswordLogin(
      BruteForceProtector protector,
      RealmModel realm,
      UserModel user,
      ClientConnection connection,
      UriInfo uri) {
    Boundary.run(
        LOGIN_CALLBACKS,
        () -> invoke(Callbacks.FAILED_LOGIN, protector, realm, user, connection, uri));
  }

  /** Clears the user's failure count after a successful password login. */
  public static void successfulPasswordLogin(
      BruteForceProtector protector,
      RealmModel realm,
      UserModel user,
      ClientConnection connection,
      UriInfo uri) {
    Boundary.run(
        LOGIN_CALLBACKS,
        () -> invoke(Callbacks.SUCCESSFUL_LOGIN, protector, realm, user, connection, uri));
  }

  @SuppressWarnings("deprecation") // the getters are the form that 26.4 to 26.7 all have
  private static UserModel user(AuthenticationManager.AuthResult result) {
    return result.getUser();
  }

  @SuppressWarnings("deprecation")
  private static AccessToken token(AuthenticationManager.AuthResult result) {
    return result.getToken();
  }

  private static Method loginCallback(String name) {
    try {
      return BruteForceProtector.class.getMethod(
          name,
          RealmModel.class,
          UserModel.class,
          ClientConnection.class,
          UriInfo.class,
          Set.class);
    } catch (NoSuchMethodException before26dot6) {
      try {
        return BruteForceProtector.class.getMethod(
            name, RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(
            "This Keycloak's BruteForceProtector has no " + name + " this extension knows", e);
      }
    }
  }

  private static void invoke(
      Method method,
      BruteForceProtector protector,
      RealmModel realm,
      UserModel user,
      ClientConnection connection,
      UriInfo uri) {
    Object[] arguments =
        method.getParameterCount() == 5
            ? new Object[] {realm, user, connection, uri, PASSWORD_CATEGORY}
            : new Object[] {realm, user, connection, uri};
    try {
      method.invoke(protector, arguments);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
