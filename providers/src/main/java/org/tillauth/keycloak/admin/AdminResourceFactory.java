package org.tillauth.keycloak.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * The factory of an admin REST extension {@code /admin/realms/{realm}/<id>}: Keycloak authenticates
 * the administrator and hands the resource its permission evaluator and admin-event builder. The
 * extension's admin resources differ only in their id, their resource class and, for a few, a
 * setting read once at start-up: such a factory overrides {@link #init}, {@link
 * #getConfigMetadata}, {@link #operationalInfo} and {@link #resource}, which hands the setting to
 * the resource.
 */
public abstract class AdminResourceFactory
    implements AdminRealmResourceProviderFactory, ServerInfoAwareProviderFactory {

  private final String id;
  private final Function<AdminRequest, Object> resource;

  /** A resource made from the request alone. */
  protected AdminResourceFactory(String id, Function<AdminRequest, Object> resource) {
    this.id = id;
    this.resource = resource;
  }

  /** A resource that needs this factory's settings: the factory overrides {@link #resource}. */
  protected AdminResourceFactory(String id) {
    this(id, null);
  }

  /** The JAX-RS resource for one request. */
  protected Object resource(AdminRequest request) {
    return resource.apply(request);
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
        return resource(new AdminRequest(s, realm, auth, adminEvent));
      }

      @Override
      public void close() {}
    };
  }

  /** Settings are read once at start-up and never changed afterwards. */
  @Override
  public void init(Config.Scope config) {}

  @Override
  public final void postInit(KeycloakSessionFactory factory) {}

  @Override
  public final void close() {}

  @Override
  public final String getId() {
    return id;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return List.of();
  }

  /** The extension's build and version, plus {@link #operationalInfo}. */
  @Override
  public final Map<String, String> getOperationalInfo() {
    Map<String, String> info = new LinkedHashMap<>(ExtensionInfo.operationalInfo());
    operationalInfo(info);
    return info;
  }

  /** Adds this resource's settings to what the server info page shows. */
  protected void operationalInfo(Map<String, String> info) {}
}
