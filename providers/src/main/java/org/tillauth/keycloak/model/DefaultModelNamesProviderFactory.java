package org.tillauth.keycloak.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * Reads the model names from SPI options ({@code --spi-till-auth-model--default--till-role}, {@code
 * ...--stores-group}, {@code ...--access-groups-group}, {@code ...--access-group-resources}) when
 * the server starts; a bad value stops the start with a message naming the option.
 */
public final class DefaultModelNamesProviderFactory
    implements ModelNamesProviderFactory, ServerInfoAwareProviderFactory {

  public static final String ID = "default";
  static final String TILL_ROLE = "till-role";
  static final String STORES_GROUP = "stores-group";
  static final String ACCESS_GROUPS_GROUP = "access-groups-group";
  static final String RESOURCES = "access-group-resources";

  private ModelNames names = ModelNames.DEFAULTS;

  @Override
  public ModelNamesProvider create(KeycloakSession session) {
    ModelNames configured = names;
    return () -> configured;
  }

  @Override
  public void init(Config.Scope config) {
    names = from(config);
  }

  static ModelNames from(Config.Scope config) {
    ModelNames defaults = ModelNames.DEFAULTS;
    String resources = config.get(RESOURCES);
    try {
      return new ModelNames(
          config.get(TILL_ROLE, defaults.tillRole()),
          config.get(STORES_GROUP, defaults.storesGroup()),
          config.get(ACCESS_GROUPS_GROUP, defaults.accessGroupsGroup()),
          resources == null ? defaults.resources() : Arrays.asList(resources.split(",", -1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SPI "
              + ModelNamesSpi.NAME
              + " (--spi-"
              + ModelNamesSpi.NAME
              + "--"
              + ID
              + "--...): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    ModelNames defaults = ModelNames.DEFAULTS;
    return ProviderConfigurationBuilder.create()
        .property()
        .name(TILL_ROLE)
        .type("string")
        .helpText("Realm role that makes a user a till.")
        .defaultValue(defaults.tillRole())
        .add()
        .property()
        .name(STORES_GROUP)
        .type("string")
        .helpText("Top-level group whose direct subgroups are the stores.")
        .defaultValue(defaults.storesGroup())
        .add()
        .property()
        .name(ACCESS_GROUPS_GROUP)
        .type("string")
        .helpText("Top-level group whose direct subgroups are the API clients' access groups.")
        .defaultValue(defaults.accessGroupsGroup())
        .add()
        .property()
        .name(RESOURCES)
        .type("string")
        .helpText(
            "Comma-separated access-group resources (lowercase, hyphens): the keys data.<resource>"
                + " and config.<resource> that may carry a permission.")
        .defaultValue(String.join(",", defaults.resources()))
        .add()
        .build();
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    Map<String, String> info = new LinkedHashMap<>(ExtensionInfo.operationalInfo());
    info.put(TILL_ROLE, names.tillRole());
    info.put(STORES_GROUP, names.storesGroup());
    info.put(ACCESS_GROUPS_GROUP, names.accessGroupsGroup());
    info.put(RESOURCES, String.join(",", names.resources()));
    return info;
  }
}
