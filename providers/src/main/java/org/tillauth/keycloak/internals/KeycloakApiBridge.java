package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * The Keycloak APIs outside an authentication flow whose signatures differ between the supported
 * versions (26.4 to 26.7), called the one way that works on all of them. Everything else calls
 * Keycloak directly; the JSON token endpoint's bridge is {@code tokenjson/ClientCredentialsBridge}.
 *
 * <ul>
 *   <li>{@link BruteForceProtector#failedLogin} / {@code successfulLogin}: 26.6 added a fifth
 *       parameter (the authentication categories that may count); 26.4 and 26.5 have four. Resolved
 *       once by reflection, preferring the newer form.
 *   <li>{@link AuthenticationManager.AuthResult}: a class with {@code getUser()} / {@code
 *       getToken()} in 26.4, a record in 26.5+ that keeps those getters (deprecated, still there in
 *       26.7).
 * </ul>
 */
public final class KeycloakApiBridge {

  private static final Set<String> PASSWORD_CATEGORY = Set.of(PasswordCredentialModel.TYPE);
  private static final Method FAILED_LOGIN = loginCallback("failedLogin");
  private static final Method SUCCESSFUL_LOGIN = loginCallback("successfulLogin");

  private KeycloakApiBridge() {}

  /** Counts a failed password login against the user (brute-force detection). */
  public static void failedPasswordLogin(
      BruteForceProtector protector,
      RealmModel realm,
      UserModel user,
      ClientConnection connection,
      UriInfo uri) {
    invoke(FAILED_LOGIN, protector, realm, user, connection, uri);
  }

  /** Clears the user's failure count after a successful password login. */
  public static void successfulPasswordLogin(
      BruteForceProtector protector,
      RealmModel realm,
      UserModel user,
      ClientConnection connection,
      UriInfo uri) {
    invoke(SUCCESSFUL_LOGIN, protector, realm, user, connection, uri);
  }

  @SuppressWarnings("deprecation") // the getters are the form that 26.4 to 26.7 all have
  public static UserModel user(AuthenticationManager.AuthResult result) {
    return result.getUser();
  }

  @SuppressWarnings("deprecation")
  public static AccessToken token(AuthenticationManager.AuthResult result) {
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
