package org.tillauth.keycloak.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;

/** The till-attribution mapper's settings, with the platform's header names as defaults. */
public record TillAttributionConfig(
    String defaultTill,
    boolean fallbackToDefault,
    String entityCodeHeader,
    String entityTypeHeader,
    String tillCodeHeader) {

  public static final String DEFAULT_TILL = "default.till";
  public static final String FALLBACK = "fallback.to.default.till";
  public static final String ENTITY_CODE_HEADER = "header.entity.code";
  public static final String ENTITY_TYPE_HEADER = "header.entity.type";
  public static final String TILL_CODE_HEADER = "header.till.code";

  public static final String DEFAULT_ENTITY_CODE_HEADER = "X-CAP-API-ATTRIBUTION-ENTITY-CODE";
  public static final String DEFAULT_ENTITY_TYPE_HEADER = "X-CAP-API-ATTRIBUTION-ENTITY-TYPE";
  public static final String DEFAULT_TILL_CODE_HEADER = "X-CAP-API-ATTRIBUTION-TILL-CODE";

  /** RFC 9110 token characters, which is what an HTTP header name may consist of. */
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

  static final String INVALID_HEADER_NAME = "\"%s\" is not a valid HTTP header name";

  /** Reads a mapper's config map; blank values mean "use the default". */
  public static TillAttributionConfig from(Map<String, String> config) {
    return new TillAttributionConfig(
        trimmed(config.get(DEFAULT_TILL)),
        Boolean.parseBoolean(trimmed(config.get(FALLBACK))),
        orDefault(config.get(ENTITY_CODE_HEADER), DEFAULT_ENTITY_CODE_HEADER),
        orDefault(config.get(ENTITY_TYPE_HEADER), DEFAULT_ENTITY_TYPE_HEADER),
        orDefault(config.get(TILL_CODE_HEADER), DEFAULT_TILL_CODE_HEADER));
  }

  /** The header names that are not valid HTTP header names (checked when the mapper is saved). */
  List<String> invalidHeaderNames() {
    return List.of(entityCodeHeader, entityTypeHeader, tillCodeHeader).stream()
        .filter(name -> !HEADER_NAME.matcher(name).matches())
        .toList();
  }

  static List<ProviderConfigProperty> properties(Class<? extends ProtocolMapper> mapper) {
    ProviderConfigProperty defaultTill =
        new ProviderConfigProperty(
            DEFAULT_TILL,
            "Default till code",
            "Till code (username of an enabled user with the realm role 'till') the"
                + " client's tokens are attributed to when the request names no till. It is"
                + " checked when the mapper is saved.",
            ProviderConfigProperty.STRING_TYPE,
            null);
    defaultTill.setRequired(true);
    List<ProviderConfigProperty> properties =
        new ArrayList<>(
            List.of(
                defaultTill,
                new ProviderConfigProperty(
                    FALLBACK,
                    "Use default till for invalid till codes",
                    "When ON, a request naming an unknown or disabled till is attributed to the"
                        + " default till (till_attribution 'fallback'). When OFF, such a request is"
                        + " refused with 400 invalid_request and no token is issued.",
                    ProviderConfigProperty.BOOLEAN_TYPE,
                    "false"),
                new ProviderConfigProperty(
                    ENTITY_CODE_HEADER,
                    "Entity code header",
                    "Request header naming the till (or store, see the entity type header) to"
                        + " attribute the token to.",
                    ProviderConfigProperty.STRING_TYPE,
                    DEFAULT_ENTITY_CODE_HEADER),
                new ProviderConfigProperty(
                    ENTITY_TYPE_HEADER,
                    "Entity type header",
                    "Request header giving the kind of entity in the entity code header: TILL (the"
                        + " default when absent) or STORE_CODE.",
                    ProviderConfigProperty.STRING_TYPE,
                    DEFAULT_ENTITY_TYPE_HEADER),
                new ProviderConfigProperty(
                    TILL_CODE_HEADER,
                    "Legacy till code header",
                    "Older request header naming a till; used when the entity code header is"
                        + " absent.",
                    ProviderConfigProperty.STRING_TYPE,
                    DEFAULT_TILL_CODE_HEADER)));
    OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, mapper);
    return List.copyOf(properties);
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
