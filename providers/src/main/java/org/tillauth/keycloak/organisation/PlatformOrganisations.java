package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.tillauth.keycloak.adminpage.AdminPageResourceProviderFactory;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.OrganisationQueries;
import org.tillauth.keycloak.internals.jpa.TillQueries;
import org.tillauth.keycloak.secret.HashedClientSecretAuthenticator;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * The platform view's list: one page of organisations (realms with the till role, master left out,
 * see {@link OrganisationQueries}) with the number of API clients and tills of each, as the
 * organisation's own page counts them: API clients are its confidential clients with the
 * hashed-secret authenticator ({@code GET /api-clients/settings}, the client limit), tills the
 * holders of the till role that are no service account ({@code GET /tills}). Paged and searched as
 * the other lists ({@link ListQuery}, total in {@code X-Total-Count}); each count is one grouped
 * query for the page's realms, so the cost does not grow with the number of organisations.
 */
public final class PlatformOrganisations {

  private PlatformOrganisations() {}

  /** The list for {@code GET /admin/realms/master/organisations}; the caller checked the rights. */
  public static Response list(KeycloakSession session, RealmModel adminRealm) {
    ListQuery query = ListQuery.from(session.getContext().getUri().getQueryParameters());
    String tillRole = TillDirectory.tillRole();
    long total =
        OrganisationQueries.count(session, adminRealm.getName(), tillRole, query.pattern());
    List<OrganisationQueries.Row> rows =
        total <= query.first()
            ? List.of()
            : OrganisationQueries.page(
                session,
                adminRealm.getName(),
                tillRole,
                query.pattern(),
                query.first(),
                query.max());
    Map<String, Long> tills =
        TillQueries.countByRealm(
            session, rows.stream().map(OrganisationQueries.Row::tillRoleId).toList());
    Map<String, Long> apiClients =
        FreshReads.confidentialClientsUsingByRealm(
            session,
            rows.stream().map(OrganisationQueries.Row::realmId).toList(),
            HashedClientSecretAuthenticator.PROVIDER_ID);
    List<Map<String, Object>> page =
        rows.stream()
            .map(
                row -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("code", row.code());
                  item.put("name", row.name());
                  item.put("apiClients", apiClients.getOrDefault(row.realmId(), 0L));
                  item.put("tills", tills.getOrDefault(row.realmId(), 0L));
                  item.put(
                      "pageUrl",
                      "/realms/" + row.code() + "/" + AdminPageResourceProviderFactory.ID + "/");
                  return item;
                })
            .toList();
    return ListAnswer.of(page, total);
  }
}
