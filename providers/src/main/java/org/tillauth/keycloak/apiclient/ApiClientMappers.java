package org.tillauth.keycloak.apiclient;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.tillauth.keycloak.accessgroup.AccessGroupMapper;
import org.tillauth.keycloak.attribution.TillAttributionConfig;
import org.tillauth.keycloak.attribution.TillAttributionMapper;

/**
 * The two mappers every API client carries: till attribution and access group. Their settings are
 * validated by the mappers' own {@code validateConfig}, so the texts are those of the console.
 */
final class ApiClientMappers {

  static final String DEFAULT_TILL = TillAttributionConfig.DEFAULT_TILL;
  static final String FALLBACK = TillAttributionConfig.FALLBACK;
  static final String ACCESS_GROUP = AccessGroupMapper.ACCESS_GROUP;
  static final String ATTRIBUTION_NAME = "till attribution";
  static final String GROUP_NAME = "access group";

  private ApiClientMappers() {}

  static ProtocolMapperModel attribution(ClientModel client) {
    return first(client, TillAttributionMapper.PROVIDER_ID);
  }

  static ProtocolMapperModel accessGroup(ClientModel client) {
    return first(client, AccessGroupMapper.PROVIDER_ID);
  }

  private static ProtocolMapperModel first(ClientModel client, String type) {
    return client
        .getProtocolMappersStream()
        .filter(m -> type.equals(m.getProtocolMapper()))
        .findFirst()
        .orElse(null);
  }

  static ProtocolMapperModel newAttribution(String defaultTill, boolean fallback) {
    Map<String, String> config = tokenSwitches();
    config.put(DEFAULT_TILL, defaultTill);
    config.put(FALLBACK, String.valueOf(fallback));
    config.put(
        TillAttributionConfig.ENTITY_CODE_HEADER, TillAttributionConfig.DEFAULT_ENTITY_CODE_HEADER);
    config.put(
        TillAttributionConfig.ENTITY_TYPE_HEADER, TillAttributionConfig.DEFAULT_ENTITY_TYPE_HEADER);
    config.put(
        TillAttributionConfig.TILL_CODE_HEADER, TillAttributionConfig.DEFAULT_TILL_CODE_HEADER);
    return model(ATTRIBUTION_NAME, TillAttributionMapper.PROVIDER_ID, config);
  }

  static ProtocolMapperModel newAccessGroup(String group) {
    Map<String, String> config = tokenSwitches();
    config.put(ACCESS_GROUP, group);
    return model(GROUP_NAME, AccessGroupMapper.PROVIDER_ID, config);
  }

  /**
   * Runs the mapper's own save-time validation; its message becomes a 400. Embedded mappers of a
   * new client are not validated by Keycloak, hence this call before anything is created.
   */
  static void validate(KeycloakSession session, RealmModel realm, ProtocolMapperModel model) {
    ProtocolMapper mapper =
        (ProtocolMapper)
            session
                .getKeycloakSessionFactory()
                .getProviderFactory(ProtocolMapper.class, model.getProtocolMapper());
    try {
      mapper.validateConfig(session, realm, null, model);
    } catch (ProtocolMapperConfigException e) {
      throw ApiClientErrors.badRequest(e.getMessage());
    }
  }

  /**
   * The mapper's reference (default till, access group) checked again in the database, for a
   * request holding the realm's row lock: see {@link TillAttributionMapper#validateStored} and
   * {@link AccessGroupMapper#validateStored}. A refusal is a 400 with the mapper's text.
   */
  static void validateStored(KeycloakSession session, RealmModel realm, ProtocolMapperModel model) {
    try {
      if (TillAttributionMapper.PROVIDER_ID.equals(model.getProtocolMapper())) {
        TillAttributionMapper.validateStored(session, realm, model);
      } else if (AccessGroupMapper.PROVIDER_ID.equals(model.getProtocolMapper())) {
        AccessGroupMapper.validateStored(session, realm, model);
      }
    } catch (ProtocolMapperConfigException e) {
      throw ApiClientErrors.badRequest(e.getMessage());
    }
  }

  private static Map<String, String> tokenSwitches() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    config.put("lightweight.claim", "false");
    config.put("userinfo.token.claim", "true");
    config.put("introspection.token.claim", "true");
    return config;
  }

  private static ProtocolMapperModel model(String name, String type, Map<String, String> config) {
    ProtocolMapperModel model = new ProtocolMapperModel();
    model.setName(name);
    model.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
    model.setProtocolMapper(type);
    model.setConfig(config);
    return model;
  }

  /**
   * The existing mapper with the proposed settings: the keys this API sets are replaced, the
   * include-in-token switches and headers stay as configured (others only filled in where unset).
   * No existing mapper: the proposed one.
   */
  static ProtocolMapperModel merged(ProtocolMapperModel existing, ProtocolMapperModel proposed) {
    if (existing == null) {
      return proposed;
    }
    ProtocolMapperModel merged = new ProtocolMapperModel();
    merged.setId(existing.getId());
    merged.setName(existing.getName());
    merged.setProtocol(existing.getProtocol());
    merged.setProtocolMapper(existing.getProtocolMapper());
    Map<String, String> config = new LinkedHashMap<>(existing.getConfig());
    proposed
        .getConfig()
        .forEach(
            (k, v) -> {
              if (v != null && (config.get(k) == null || isSetting(k))) {
                config.put(k, v);
              }
            });
    merged.setConfig(config);
    return merged;
  }

  /** The keys this API sets. */
  private static boolean isSetting(String key) {
    return DEFAULT_TILL.equals(key) || FALLBACK.equals(key) || ACCESS_GROUP.equals(key);
  }

  /** Adds or updates the proposed mapper; null: nothing to save. */
  static void save(ClientModel client, ProtocolMapperModel existing, ProtocolMapperModel proposed) {
    if (proposed == null) {
      return;
    }
    if (existing == null) {
      client.addProtocolMapper(proposed);
    } else {
      client.updateProtocolMapper(proposed);
    }
  }
}
