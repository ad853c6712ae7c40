package org.tillauth.keycloak.support;

import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The factory of an admin REST extension {@code /admin/realms/{realm}/<id>}: Keycloak authenticates
 * the administrator and hands the resource its permission evaluator and admin-event builder. The
 * extension's admin resources differ only in their id and resource class.
 */
public abstract class AdminResourceFactory
    implements AdminRealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  /** Builds the JAX-RS resource for one request. */
  @FunctionalInterface
  protected interface Resource {
    Object create(
        KeycloakSession session,
        RealmModel realm,
        AdminPermissionEvaluator auth,
        AdminEventBuilder adminEvent);
  }

  private final String id;
  private final Resource resource;

  protected AdminResourceFactory(String id, Resource resource) {
    this.id = id;
    this.resource = resource;
  }

  @Override
  public final AdminRealmResourceProvider create(KeycloakSession session) {
    return new AdminRealmResourceProvider() {
      @Override
      public Object getResource(
          KeycloakSession s,
          RealmModel realm,
          AdminPermissionEvaluator auth,
          AdminEventBuilder adminEvent) {
        return resource.create(s, realm, auth, adminEvent);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public final String getId() {
    return id;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
