package org.tillauth.keycloak.adminpage;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;

/**
 * The public client the page signs administrators in with ({@code till-admin}): authorization code
 * + PKCE S256 only, redirects only back to the page. Its Home URL makes the page one click away in
 * the admin console's client list. It grants nothing by itself: what the administrator may do is
 * decided by their Keycloak admin roles on every admin REST call.
 *
 * <p>Administrators sign in on Keycloak's own login page ({@value #LOGIN_THEME}, the page the admin
 * console shows), not the realm's login theme: an organisation's realm theme is made for its
 * customers (the demo realm's is a rewards page), and an administrator expects Keycloak's sign-in.
 * The client's Login theme setting changes it per realm.
 */
public final class AdminPageClient {

  public static final String CLIENT_ID = "till-admin";

  /** Keycloak's stock login theme, the one its admin console signs in with. */
  public static final String LOGIN_THEME = "keycloak.v2";

  /** The client attribute behind the console's Login settings → Login theme. */
  static final String LOGIN_THEME_ATTRIBUTE = "login_theme";

  /**
   * Keycloak's own admin console client sets this too ({@code RealmManager.setupAdminConsole}): the
   * access token then carries no roles. Admin REST checks the signed-in user's roles in the realm
   * on every call, not the token's, and a master administrator's full-scope token lists every role
   * of every organisation's {@code <realm>-realm} client: about 100 KB at a few hundred
   * organisations, past the request-header limits of Keycloak and of proxies in front of it.
   */
  static final String LIGHTWEIGHT_ACCESS_TOKEN = "client.use.lightweight.access.token.enabled";

  private AdminPageClient() {}

  /**
   * Sets a realm up for the administration page: its sign-in client and the hashed-secret
   * authenticator in the client flow. New and imported realms get both automatically; this is for
   * realms that existed before the extension was installed. 201 when the client was created, else
   * 200, with the client id and the page's URL.
   */
  public static Response setUp(KeycloakSession session, RealmModel realm) {
    boolean created = ensure(session, realm);
    HashedClientSecretAuthenticator.ensureInClientFlow(realm);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("clientId", CLIENT_ID);
    answer.put(
        "pageUrl",
        session.getContext().getUri().getBaseUriBuilder().path(pagePath(realm)).build().toString());
    return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
        .entity(answer)
        .build();
  }

  public static String pagePath(RealmModel realm) {
    return "/realms/" + realm.getName() + "/" + AdminPageResourceProviderFactory.ID + "/";
  }

  /**
   * Creates the sign-in client unless the realm has it; true when it was created. A client made by
   * an older version gets what it lacked: the authenticator type (see {@link #namedAuthenticator})
   * and, unless an administrator chose them, the administrators' login theme and lightweight access
   * tokens.
   */
  public static boolean ensure(KeycloakSession session, RealmModel realm) {
    ClientModel existing = realm.getClientByClientId(CLIENT_ID);
    if (existing != null) {
      boolean changed = false;
      if (existing.getClientAuthenticatorType() == null) {
        namedAuthenticator(existing);
        changed = true;
      }
      if (existing.getAttribute(LOGIN_THEME_ATTRIBUTE) == null) {
        existing.setAttribute(LOGIN_THEME_ATTRIBUTE, LOGIN_THEME);
        changed = true;
      }
      if (existing.getAttribute(LIGHTWEIGHT_ACCESS_TOKEN) == null) {
        existing.setAttribute(LIGHTWEIGHT_ACCESS_TOKEN, "true");
        changed = true;
      }
      if (changed) {
        existing.updateClient();
      }
      return false;
    }
    ClientModel client = realm.addClient(CLIENT_ID);
    client.setName("till-auth administration (API clients) ↗");
    client.setDescription(
        "Opens the till-auth administration page (Home URL): register API clients in one step;"
            + " the secret is shown once. Sign-in client of that page.");
    client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
    client.setEnabled(true);
    client.setPublicClient(true);
    namedAuthenticator(client);
    client.setStandardFlowEnabled(true);
    client.setImplicitFlowEnabled(false);
    client.setDirectAccessGrantsEnabled(false);
    client.setServiceAccountsEnabled(false);
    client.setFullScopeAllowed(true);
    client.setAlwaysDisplayInConsole(true);
    client.setRootUrl("${authBaseUrl}");
    client.setBaseUrl(pagePath(realm));
    client.setRedirectUris(Set.of(pagePath(realm) + "*"));
    client.setWebOrigins(Set.of("+"));
    client.setAttribute("pkce.code.challenge.method", "S256");
    client.setAttribute("post.logout.redirect.uris", pagePath(realm) + "*");
    client.setAttribute(LOGIN_THEME_ATTRIBUTE, LOGIN_THEME);
    client.setAttribute(LIGHTWEIGHT_ACCESS_TOKEN, "true");
    client.updateClient();
    return true;
  }

  /**
   * Keycloak's client authentication flow runs for a public client too (at the token endpoint: the
   * code exchange and every refresh) and logs {@code KC-SERVICES0018 ... doesn't have
   * authentication method configured} for each request when the type is unset, as {@code
   * realm.addClient} leaves it. The console and realm import give public clients Keycloak's
   * default, {@code client-secret}; a public client is never asked for a secret.
   */
  private static void namedAuthenticator(ClientModel client) {
    client.setClientAuthenticatorType(KeycloakModelUtils.getDefaultClientAuthenticatorType());
  }
}
