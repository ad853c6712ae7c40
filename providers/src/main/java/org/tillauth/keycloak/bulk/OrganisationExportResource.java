package org.tillauth.keycloak.bulk;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.models.GroupModel;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.internals.jpa.StoreQueries;
import org.tillauth.keycloak.internals.jpa.TillQueries;
import org.tillauth.keycloak.organisation.OrganisationErrors;
import org.tillauth.keycloak.organisation.Stores;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * {@code /admin/realms/{realm}/organisation-export}: the stores and tills as the CSV the import
 * takes, without credentials, read in pages of {@value #PAGE} from the database. Needs view-users.
 */
public final class OrganisationExportResource extends AdminResource {

  static final int PAGE = 1000;
  static final String CSV = "text/csv; charset=utf-8";

  OrganisationExportResource(AdminRequest request) {
    super(request);
  }

  @GET
  @Path("stores")
  @Produces(CSV)
  public Response stores() {
    auth.users().requireView();
    StringBuilder csv = new StringBuilder(Csv.BOM).append(Csv.line(StoreImport.COLUMNS));
    String parentId = Stores.parent(session, realm).map(GroupModel::getId).orElse(null);
    if (parentId != null) {
      String after = null;
      List<StoreQueries.Row> page;
      do {
        page = StoreQueries.pageAfter(session, realm, parentId, Stores.NAME_ATTRIBUTE, after, PAGE);
        page.forEach(s -> csv.append(Csv.line(java.util.Arrays.asList(s.code(), s.name()))));
        after = page.isEmpty() ? null : page.get(page.size() - 1).code();
      } while (page.size() == PAGE);
    }
    return file(csv, "stores");
  }

  /** Every till, or those of {@code ?store=}; a till in several stores is listed with the first. */
  @GET
  @Path("tills")
  @Produces(CSV)
  public Response tills() {
    auth.users().requireView();
    StringBuilder csv = new StringBuilder(Csv.BOM).append(Csv.line(TillImport.COLUMNS));
    String storeCode = session.getContext().getUri().getQueryParameters().getFirst("store");
    String storeId = null;
    if (storeCode != null && !storeCode.isBlank()) {
      String code = storeCode.strip();
      storeId =
          TillDirectory.findStore(session, realm, code)
              .flatMap(
                  name ->
                      java.util.Optional.ofNullable(
                          org.keycloak.models.utils.KeycloakModelUtils.findGroupByPath(
                              session, realm, new String[] {TillDirectory.storesGroup(), name})))
              .map(GroupModel::getId)
              .orElseThrow(
                  () ->
                      AdminErrors.badRequest(
                          String.format(OrganisationErrors.UNKNOWN_STORE, code)));
    }
    String roleId = Stores.tillRoleId(realm);
    if (roleId != null) {
      String parentId = Stores.parent(session, realm).map(GroupModel::getId).orElse(null);
      TillQueries.Filter filter = new TillQueries.Filter(null, storeId, null);
      String after = null;
      List<TillQueries.Row> page;
      do {
        page = TillQueries.pageAfter(session, realm, roleId, parentId, filter, after, PAGE);
        for (TillQueries.Row till : page) {
          String store = till.stores().isEmpty() ? "" : till.stores().get(0);
          csv.append(Csv.line(List.of(till.code(), store, "", "")));
        }
        after = page.isEmpty() ? null : page.get(page.size() - 1).code();
      } while (page.size() == PAGE);
    }
    return file(csv, "tills");
  }

  private Response file(StringBuilder csv, String what) {
    String realmName = realm.getName().replaceAll("[^A-Za-z0-9._-]", "_");
    return Response.ok(csv.toString(), CSV)
        .header(
            "Content-Disposition", "attachment; filename=\"" + realmName + "-" + what + ".csv\"")
        .header("Cache-Control", "no-store")
        .build();
  }
}
