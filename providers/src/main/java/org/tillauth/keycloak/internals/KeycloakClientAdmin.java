package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ClientResource;
import org.keycloak.services.resources.admin.ClientsResource;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Creates, updates and deletes a client through Keycloak's own admin REST resource classes, {@code
 * ClientsResource} and {@code ClientResource} (keycloak-services, not an SPI), so that client
 * policies (the lifespan ceiling), service accounts and admin events behave as in the console.
 *
 * <p>Mirrors {@code POST /admin/realms/{realm}/clients}, {@code PUT} and {@code DELETE
 * .../clients/{id}}, with the constructors {@code ClientsResource(session, auth, adminEvent)} and
 * {@code ClientResource(realm, auth, client, session, adminEvent)} as they are since Keycloak 26.0
 * (checked on 26.4 to 26.7). {@code createClient} (not {@code createClientModel}, which 26.4 lacks)
 * answers 201 or throws. A Keycloak that changed these signatures fails here, through {@link
 * Boundary}, with one named error rather than somewhere in a resource.
 */
public final class KeycloakClientAdmin {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;

  public KeycloakClientAdmin(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
  }

  /** As {@code POST .../clients}: a refusal (client policy, duplicate) is thrown as its answer. */
  public void create(ClientRepresentation client) {
    Boundary.run(
        "ClientsResource.createClient (Keycloak 26.0)",
        () -> new ClientsResource(session, auth, adminEvent).createClient(client));
  }

  /** As {@code PUT .../clients/{id}}: fields left null stay; a refusal is thrown as its answer. */
  public void update(ClientModel client, ClientRepresentation changes) {
    Response answer =
        Boundary.call(
            "ClientResource.update (Keycloak 26.0)", () -> resource(client).update(changes));
    if (answer.getStatus() >= 300) {
      throw new ErrorResponseException(answer);
    }
  }

  /** As {@code DELETE .../clients/{id}}. */
  public void delete(ClientModel client) {
    Boundary.run(
        "ClientResource.deleteClient (Keycloak 26.0)", () -> resource(client).deleteClient());
  }

  private ClientResource resource(ClientModel client) {
    return new ClientResource(realm, auth, client, session, adminEvent);
  }
}
