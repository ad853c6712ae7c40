package org.tillauth.keycloak.adminpage;

import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public client the page signs administrators in with ({@code till-admin}): authorization code
 * + PKCE S256 only, redirects only back to the page. Its Home URL makes the page one click away in
 * the admin console's client list. It grants nothing by itself: what the administrator may do is
 * decided by their Keycloak admin roles on every admin REST call.
 */
public final class AdminPageClient {

  public static final String CLIENT_ID = "till-admin";

  private AdminPageClient() {}

  public static String pagePath(RealmModel realm) {
    return "/realms/" + realm.getName() + "/" + AdminPageResourceProviderFactory.ID + "/";
  }

  /** Creates the sign-in client unless the realm has it; true when it was created. */
  public static boolean ensure(KeycloakSession session, RealmModel realm) {
    if (realm.getClientByClientId(CLIENT_ID) != null) {
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
    client.updateClient();
    return true;
  }
}
