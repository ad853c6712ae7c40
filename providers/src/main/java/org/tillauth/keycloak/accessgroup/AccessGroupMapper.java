package org.tillauth.keycloak.accessgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.IDToken;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.model.ModelNames;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.MapperConfigErrors;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * Adds {@code access_group} and {@code access_group_permissions} to service-account
 * (client-credentials) tokens only: an access group restricts API clients, never tills or other
 * users, even when the mapper sits on a client they log in with. Read live from the group on every
 * token, so attribute changes show in the next token.
 */
public final class AccessGroupMapper extends AbstractOIDCProtocolMapper
    implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper,
        UserInfoTokenMapper,
        TokenIntrospectionTokenMapper,
        ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "access-group-mapper";
  public static final String CLAIM_GROUP = "access_group";
  public static final String CLAIM_PERMISSIONS = "access_group_permissions";

  public static final String ACCESS_GROUP = "access.group";
  static final String GROUP_REQUIRED = "Access group is required";
  static final String GROUP_UNKNOWN = "Access group \"%s\" does not exist under /access-groups";
  static final String GROUP_INACTIVE =
      "Access group \"%s\" is deactivated; activate it or choose another access group";

  private static final Logger LOG = Logger.getLogger(AccessGroupMapper.class);

  private static final List<ProviderConfigProperty> CONFIG = properties();

  // The same broken mapper or group is met on every token: one line per cause and interval.
  private final WarningThrottle warnings = new WarningThrottle(LOG);

  private static List<ProviderConfigProperty> properties() {
    List<ProviderConfigProperty> properties = new ArrayList<>();
    // A group picker in the console (it stores the path, e.g. /access-groups/POS); the picker
    // cannot be limited to a subtree, so saving any other group is refused by validateConfig.
    ProviderConfigProperty group =
        new ProviderConfigProperty(
            ACCESS_GROUP,
            "Access group",
            "The API client's access group: pick a group directly under the top-level group"
                + " 'access-groups' (e.g. /access-groups/POS; the bare name POS also works). Its"
                + " attributes data.<resource> / config.<resource> = none|read|write give the"
                + " permissions. Any other group is refused when the mapper is saved.",
            ProviderConfigProperty.GROUP_TYPE,
            null);
    group.setRequired(true);
    properties.add(group);
    OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, AccessGroupMapper.class);
    return List.copyOf(properties);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Access group";
  }

  @Override
  public String getDisplayCategory() {
    return TOKEN_MAPPER_CATEGORY;
  }

  @Override
  public String getHelpText() {
    return "Adds the API client's access group and its permissions (access_group,"
        + " access_group_permissions) to client-credentials tokens; never to user (till) tokens.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }

  @Override
  public void validateConfig(
      KeycloakSession session,
      RealmModel realm,
      ProtocolMapperContainerModel client,
      ProtocolMapperModel mapperModel)
      throws ProtocolMapperConfigException {
    MapperConfigErrors.checkStorable(mapperModel);
    String configured = configured(mapperModel);
    if (configured == null || configured.isBlank()) {
      throw MapperConfigErrors.invalid(GROUP_REQUIRED);
    }
    Optional<GroupModel> group = AccessGroups.find(session, realm, configured);
    if (group.isEmpty()) {
      throw MapperConfigErrors.invalid(
          String.format(GROUP_UNKNOWN, MapperConfigErrors.shown(configured.strip())));
    }
    if (!AccessGroups.isActive(group.get())) {
      throw MapperConfigErrors.invalid(
          String.format(GROUP_INACTIVE, MapperConfigErrors.shown(group.get().getName())));
    }
  }

  /**
   * The group check of {@link #validateConfig} again, in the database: for a caller holding the
   * realm's row lock (see {@link RowLocks}), which must not name a group that an administrator
   * deleted or deactivated a moment ago, while the cache may still show it.
   */
  public static void validateStored(
      KeycloakSession session, RealmModel realm, ProtocolMapperModel mapperModel)
      throws ProtocolMapperConfigException {
    String name = AccessGroups.nameOf(configured(mapperModel));
    GroupModel parent = AccessGroups.parent(session, realm);
    Optional<Boolean> active =
        name == null || parent == null
            ? Optional.empty()
            : FreshReads.childGroupActive(
                session, realm, parent.getId(), name, AccessGroups.ACTIVE);
    if (active.isEmpty()) {
      throw MapperConfigErrors.invalid(
          String.format(GROUP_UNKNOWN, MapperConfigErrors.shown(name == null ? "" : name)));
    }
    if (!active.get()) {
      throw MapperConfigErrors.invalid(
          String.format(GROUP_INACTIVE, MapperConfigErrors.shown(name)));
    }
  }

  /** A mapper saved without a config map (possible through client import) has no group. */
  private static String configured(ProtocolMapperModel model) {
    return model.getConfig() == null ? null : model.getConfig().get(ACCESS_GROUP);
  }

  @Override
  protected void setClaim(
      IDToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    if (userSession == null || userSession.getUser().getServiceAccountClientLink() == null) {
      return; // users (tills included) never get access-group claims
    }
    String configured = configured(mappingModel);
    Optional<GroupModel> group = AccessGroups.find(session, userSession.getRealm(), configured);
    if (group.isEmpty()) {
      warnings.warn(
          "missing/" + mappingModel.getId() + "/" + configured,
          String.format(
              "Access group mapper %s (%s) of realm %s: access group '%s' no longer exists; tokens"
                  + " are issued without access-group claims",
              mappingModel.getName(),
              mappingModel.getId(),
              userSession.getRealm().getName(),
              configured));
      return;
    }
    AccessGroupPermissions.Result result =
        AccessGroups.isActive(group.get())
            ? AccessGroupPermissions.of(group.get().getAttributes(), ModelNames.of(session))
            : AccessGroupPermissions.NOTHING;
    result
        .problems()
        .forEach(
            problem ->
                warnings.warn(
                    "problem/" + group.get().getId() + "/" + problem,
                    String.format("Access group '%s': %s", group.get().getName(), problem)));
    token.getOtherClaims().put(CLAIM_GROUP, group.get().getName());
    token.getOtherClaims().put(CLAIM_PERMISSIONS, result.permissions());
  }
}
