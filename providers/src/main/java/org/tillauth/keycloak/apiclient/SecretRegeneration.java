package org.tillauth.keycloak.apiclient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.metrics.OrganisationMeters;
import org.tillauth.keycloak.secret.ClientSecrets;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;

/**
 * A new hashed secret for a confidential client, returned this once; the previous one stays valid
 * for the grace period. A client that had no hashed secret becomes an {@link ApiClients API client}
 * and is counted against the limit as a new one. Runs under the realm's and the client's row locks,
 * which the resource took.
 */
final class SecretRegeneration {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final ApiClientLimit limit;

  SecretRegeneration(KeycloakSession session, RealmModel realm, ApiClientLimit limit) {
    this.session = session;
    this.realm = realm;
    this.limit = limit;
  }

  /**
   * The answer: {@code id}, {@code clientKey}, {@code clientSecret}, {@code
   * previousSecretValidUntil}.
   */
  Map<String, Object> run(ClientModel client, Duration grace) {
    if (client.isPublicClient() || client.isBearerOnly() || !client.isServiceAccountsEnabled()) {
      throw ApiClientErrors.badRequest(ApiClientErrors.NOT_CONFIDENTIAL);
    }
    ClientModel stored = FreshReads.client(session, realm, client.getId());
    boolean counted = ApiClients.isApiClient(stored);
    HashedClientSecretAuthenticator.ensureInClientFlow(realm);
    ClientSecrets.Issued issued = ClientSecrets.issue(client, stored, grace);
    // A client moving onto a hashed secret becomes an API client: the limit applies as to a new
    // one.
    if (!counted) {
      flush("the realm's API clients");
      limit.requireWithin(session, realm);
    }
    flush("this API client's secret");
    OrganisationMeters.changed(
        session, realm, OrganisationMeters.Change.API_CLIENT_SECRET_REGENERATED);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", client.getId());
    answer.put("clientKey", client.getClientId());
    answer.put("clientSecret", issued.secret());
    answer.put("previousSecretValidUntil", issued.previousValidUntil());
    return answer;
  }

  private void flush(String what) {
    AdminResource.locked(
        what,
        () -> {
          RowLocks.flush(session);
          return null;
        });
  }
}
