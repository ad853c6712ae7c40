package org.tillauth.keycloak.adminpage;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * Realm resource {@code till-admin}: the administration page at {@code
 * /realms/{realm}/till-admin/}. Every new or imported realm gets the page's public sign-in client
 * ({@link AdminPageClient}).
 */
public final class AdminPageResourceProviderFactory
    implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  public static final String ID = "till-admin";

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    return new RealmResourceProvider() {
      @Override
      public Object getResource() {
        return new AdminPageResource(session);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    factory.register(
        event -> {
          if (event instanceof RealmModel.RealmPostCreateEvent created) {
            AdminPageClient.ensure(created.getKeycloakSession(), created.getCreatedRealm());
          }
        });
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
