package org.tillauth.keycloak.attribution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
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
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.MapperConfigErrors;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * Writes {@code till_code}, {@code store_code}, {@code till_attribution} and {@code default_till}.
 *
 * <p>Service-account tokens are attributed by {@link AttributionDecider}; the decision is normally
 * taken (and rejections raised) by {@link TillAttributionExecutor} before the token is minted and
 * kept in the user session, which this mapper prefers. Where Keycloak re-runs mappers for an
 * existing token (introspection, userinfo) the mapper never decides anew: it repeats the stored
 * decision or the presented token's claims, or writes nothing. A till's own token is attributed to
 * itself; other users' tokens get no claims.
 */
public final class TillAttributionMapper extends AbstractOIDCProtocolMapper
    implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper,
        UserInfoTokenMapper,
        TokenIntrospectionTokenMapper,
        ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "till-attribution-mapper";

  static final String DEFAULT_TILL_REQUIRED = "Default till code is required";
  static final String DEFAULT_TILL_INVALID =
      "Default till code \"%s\" is not an enabled till of realm %s";
  static final String DEFAULT_TILL_NOT_CANONICAL =
      "Default till code \"%s\" must be written exactly as the till code \"%s\"";

  private static final Logger LOG = Logger.getLogger(TillAttributionMapper.class);

  private static final List<ProviderConfigProperty> CONFIG =
      TillAttributionConfig.properties(TillAttributionMapper.class);

  /** Whether the token is being issued now or an issued token is being looked at again. */
  private enum Phase {
    ISSUE,
    REVISIT
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Till attribution";
  }

  @Override
  public String getDisplayCategory() {
    return TOKEN_MAPPER_CATEGORY;
  }

  @Override
  public String getHelpText() {
    return "Attributes client-credentials tokens to a till: the till named in the"
        + " X-CAP-API-ATTRIBUTION-* request headers, or the default till. Adds till_code,"
        + " store_code, till_attribution and default_till. Needs the 'till-attribution' client"
        + " policy executor to refuse requests naming invalid tills.";
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
    TillAttributionConfig config = TillAttributionConfig.from(mapperModel.getConfig());
    if (config.defaultTill() == null || config.defaultTill().isEmpty()) {
      throw MapperConfigErrors.invalid(DEFAULT_TILL_REQUIRED);
    }
    Optional<Till> defaultTill = TillDirectory.find(session, realm, config.defaultTill());
    if (defaultTill.isEmpty()) {
      throw MapperConfigErrors.invalid(
          String.format(
              DEFAULT_TILL_INVALID,
              MapperConfigErrors.shown(config.defaultTill()),
              MapperConfigErrors.shown(realm.getName())));
    }
    // Usernames are matched case-insensitively; the stored value becomes the default_till claim,
    // so it must be the till's own code, not a variant that merely finds it.
    String raw = mapperModel.getConfig().get(TillAttributionConfig.DEFAULT_TILL);
    if (!defaultTill.get().code().equals(raw)) {
      throw MapperConfigErrors.invalid(
          String.format(
              DEFAULT_TILL_NOT_CANONICAL,
              MapperConfigErrors.shown(raw),
              MapperConfigErrors.shown(defaultTill.get().code())));
    }
    Optional<String> problem = TillAttributionConfig.problem(mapperModel.getConfig(), config);
    if (problem.isPresent()) {
      throw MapperConfigErrors.invalid(problem.get());
    }
  }

  @Override
  protected void setClaim(
      IDToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    apply(token, mappingModel, userSession, session, clientSessionCtx, Phase.ISSUE);
  }

  @Override
  public AccessToken transformIntrospectionToken(
      AccessToken token,
      ProtocolMapperModel mappingModel,
      KeycloakSession session,
      UserSessionModel userSession,
      ClientSessionContext clientSessionCtx) {
    if (OIDCAttributeMapperHelper.includeInIntrospection(mappingModel)) {
      apply(token, mappingModel, userSession, session, clientSessionCtx, Phase.REVISIT);
    }
    return token;
  }

  @Override
  public AccessToken transformUserInfoToken(
      AccessToken token,
      ProtocolMapperModel mappingModel,
      KeycloakSession session,
      UserSessionModel userSession,
      ClientSessionContext clientSessionCtx) {
    if (OIDCAttributeMapperHelper.includeInUserInfo(mappingModel)) {
      apply(token, mappingModel, userSession, session, clientSessionCtx, Phase.REVISIT);
    }
    return token;
  }

  private void apply(
      IDToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx,
      Phase phase) {
    if (userSession == null) {
      return;
    }
    TillAttributionConfig config = TillAttributionConfig.from(mappingModel.getConfig());
    attribution(config, userSession, session, clientSessionCtx, phase)
        .ifPresent(a -> a.writeClaims(token.getOtherClaims()));
  }

  private static Optional<Attribution> attribution(
      TillAttributionConfig config,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx,
      Phase phase) {
    UserModel user = userSession.getUser();
    RealmModel realm = userSession.getRealm();
    if (user.getServiceAccountClientLink() == null) {
      return TillDirectory.asTill(realm, user)
          .map(till -> AttributionDecider.self(config, RealmPlaces.ref(till)));
    }
    Optional<Attribution> stored = AttributionNotes.load(userSession);
    if (stored.isPresent()) {
      return stored;
    }
    ClientModel client = clientSessionCtx.getClientSession().getClient();
    if (phase == Phase.REVISIT) {
      return PresentedToken.find(session, userSession, client)
          .flatMap(presented -> Attribution.fromClaims(presented.getOtherClaims()));
    }
    // Issued without the executor having decided (no client policy applies it): decide here; a
    // mapper cannot refuse the request, so a rejection only leaves the till claims out.
    try {
      Attribution decided =
          AttributionDecider.decide(
              config,
              name -> session.getContext().getRequestHeaders().getRequestHeader(name),
              new RealmPlaces(session, realm));
      AttributionNotes.save(userSession, decided);
      return Optional.of(decided);
    } catch (AttributionRejectedException e) {
      LOG.warnf(
          "Client %s: %s; the '%s' client policy executor is not applied to this client, so the"
              + " token is issued without till attribution",
          client.getClientId(), e.getMessage(), TillAttributionExecutorFactory.PROVIDER_ID);
      return Optional.empty();
    }
  }
}
