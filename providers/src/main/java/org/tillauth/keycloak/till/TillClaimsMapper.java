package org.tillauth.keycloak.till;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.IDToken;
import org.tillauth.keycloak.support.ExtensionInfo;

/**
 * On a till's own token: {@code till_code}, {@code store_code} and {@code till_attribution =
 * "self"}, written by {@link TillClaims}. Users who are not tills, and tills in more than one
 * store, get none of these claims.
 */
public final class TillClaimsMapper extends AbstractOIDCProtocolMapper
    implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper,
        UserInfoTokenMapper,
        TokenIntrospectionTokenMapper,
        ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "till-claims-mapper";

  private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = configProperties();

  private static List<ProviderConfigProperty> configProperties() {
    List<ProviderConfigProperty> properties = new ArrayList<>();
    OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, TillClaimsMapper.class);
    return List.copyOf(properties);
  }

  @Override
  protected void setClaim(
      IDToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    // A till in several stores cannot log in; a token it got before that (refresh, introspection)
    // carries no till claims rather than a guessed store.
    TillDirectory.asTill(userSession.getRealm(), userSession.getUser())
        .filter(till -> !till.inSeveralStores())
        .ifPresent(till -> TillClaims.writeSelf(token.getOtherClaims()::put, till));
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Till claims";
  }

  @Override
  public String getDisplayCategory() {
    return TOKEN_MAPPER_CATEGORY;
  }

  @Override
  public String getHelpText() {
    return "For tokens of tills (users with realm role 'till'): adds till_code (the till code),"
        + " store_code (its store group under /stores) and till_attribution = \"self\".";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG_PROPERTIES;
  }

  @Override
  public Map<String, String> getOperationalInfo() {
    return ExtensionInfo.operationalInfo();
  }
}
