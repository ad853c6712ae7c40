package org.tillauth.keycloak.attribution;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
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
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.tillauth.keycloak.support.ExtensionInfo;
import org.tillauth.keycloak.support.WarningThrottle;

/**
 * Writes {@code till_code}, {@code store_code}, {@code till_attribution} and {@code default_till}:
 * what {@link TokenAttribution} says the token carries. It decides nothing itself: a mapper runs
 * while the token is being built and can only abort it, so deciding from headers (and answering
 * with the reason) is {@link TillAttributionExecutor}'s job, before a token exists. A
 * service-account token issued without that decision (the executor does not apply to the client) is
 * refused with 400 {@code invalid_request}, and the server logs why once per client and interval. A
 * till's own token is attributed to itself; other users' tokens get no claims.
 */
public final class TillAttributionMapper extends AbstractOIDCProtocolMapper
    implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper,
        UserInfoTokenMapper,
        TokenIntrospectionTokenMapper,
        ServerInfoAwareProviderFactory {

  public static final String PROVIDER_ID = "till-attribution-mapper";

  private static final Pattern CONSOLE_PREVIEW =
      Pattern.compile("/?admin/realms/[^/]+/clients/[^/]+/evaluate-scopes/");

  private static final Logger LOG = Logger.getLogger(TillAttributionMapper.class);

  private static final List<ProviderConfigProperty> CONFIG =
      TillAttributionConfig.properties(TillAttributionMapper.class);

  private final WarningThrottle warnings = new WarningThrottle(LOG);

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
        + " policy executor, which decides the till before the token exists: without it, the"
        + " client's client-credentials tokens are refused (400 invalid_request).";
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
    TillAttributionSaveCheck.check(session, realm, mapperModel);
  }

  /**
   * The default-till check of {@link #validateConfig} again, in the database, holding the till's
   * row (shared) until the caller's transaction ends: for a request that saves a client naming the
   * till, which must not name one an administrator disabled or deleted a moment ago while the cache
   * may still show it enabled. A lock not had in time is a {@link
   * org.tillauth.keycloak.internals.jpa.RowLocks.Conflict}.
   */
  public static void validateStored(
      KeycloakSession session, RealmModel realm, ProtocolMapperModel mapperModel)
      throws ProtocolMapperConfigException {
    TillAttributionSaveCheck.checkStored(session, realm, mapperModel);
  }

  @Override
  protected void setClaim(
      IDToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    if (userSession == null) {
      return;
    }
    ClientModel client = clientSessionCtx.getClientSession().getClient();
    try {
      TokenAttribution.atIssue(config(mappingModel), userSession, client)
          .ifPresent(a -> a.writeClaims(token.getOtherClaims()));
    } catch (TokenAttribution.NotDecidedException e) {
      if (isConsolePreview(session)) {
        // The console's Evaluate tab builds an example token outside any grant: no request to
        // attribute, so the example carries no attribution (and the client is not misreported).
        return;
      }
      warnings.warn(
          client.getId(),
          String.format(
              "Client %s of realm %s has a till-attribution mapper, but the '%s' client policy"
                  + " executor does not apply to it: its client-credentials tokens are refused"
                  + " until a client policy applies the executor to it",
              client.getClientId(),
              client.getRealm().getName(),
              TillAttributionExecutorFactory.PROVIDER_ID));
      throw e;
    }
  }

  /** {@code GET /admin/realms/{realm}/clients/{id}/evaluate-scopes/generate-example-*}. */
  private static boolean isConsolePreview(KeycloakSession session) {
    KeycloakUriInfo uri = session.getContext().getUri();
    return uri != null && CONSOLE_PREVIEW.matcher(uri.getPath()).lookingAt();
  }

  @Override
  public AccessToken transformIntrospectionToken(
      AccessToken token,
      ProtocolMapperModel mappingModel,
      KeycloakSession session,
      UserSessionModel userSession,
      ClientSessionContext clientSessionCtx) {
    if (OIDCAttributeMapperHelper.includeInIntrospection(mappingModel)) {
      revisit(token, mappingModel, userSession, session, clientSessionCtx);
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
      revisit(token, mappingModel, userSession, session, clientSessionCtx);
    }
    return token;
  }

  private static void revisit(
      AccessToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    if (userSession == null) {
      return;
    }
    TokenAttribution.atRevisit(
            config(mappingModel),
            userSession,
            session,
            clientSessionCtx.getClientSession().getClient())
        .ifPresent(a -> a.writeClaims(token.getOtherClaims()));
  }

  private static TillAttributionConfig config(ProtocolMapperModel mappingModel) {
    return TillAttributionConfig.from(mappingModel.getConfig());
  }
}
