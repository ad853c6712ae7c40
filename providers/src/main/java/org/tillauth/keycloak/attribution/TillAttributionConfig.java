package org.tillauth.keycloak.attribution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.tillauth.keycloak.support.MapperConfigErrors;

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
  static final String RESERVED_HEADER_NAME =
      "\"%s\" is a standard HTTP header and cannot name the till of a request";
  static final String SAME_HEADER_NAMES =
      "The entity code, entity type and legacy till code headers must be three different headers";
  static final String FALLBACK_NOT_BOOLEAN =
      "Use default till for invalid till codes must be true or false, not \"%s\"";

  /**
   * Headers the token request itself uses (HTTP, authentication, proxies): naming the till in one
   * of them would read credentials or transport data as a till code. Compared in lower case.
   */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "accept",
          "accept-charset",
          "accept-encoding",
          "accept-language",
          "authorization",
          "cache-control",
          "connection",
          "content-encoding",
          "content-length",
          "content-type",
          "cookie",
          "dpop",
          "expect",
          "forwarded",
          "host",
          "keep-alive",
          "origin",
          "pragma",
          "proxy-authorization",
          "proxy-connection",
          "referer",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "user-agent",
          "via",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-port",
          "x-forwarded-proto",
          "x-real-ip");

  /**
   * Reads a mapper's config map; blank values mean "use the default" (Keycloak drops empty values
   * when it saves a mapper, so blank and absent are the same stored state). A mapper saved without
   * a config map at all reads as all defaults.
   */
  public static TillAttributionConfig from(Map<String, String> stored) {
    Map<String, String> config = stored == null ? Map.of() : stored;
    return new TillAttributionConfig(
        trimmed(config.get(DEFAULT_TILL)),
        Boolean.parseBoolean(trimmed(config.get(FALLBACK))),
        orDefault(config.get(ENTITY_CODE_HEADER), DEFAULT_ENTITY_CODE_HEADER),
        orDefault(config.get(ENTITY_TYPE_HEADER), DEFAULT_ENTITY_TYPE_HEADER),
        orDefault(config.get(TILL_CODE_HEADER), DEFAULT_TILL_CODE_HEADER));
  }

  /** The header names that are not valid HTTP header names (checked when the mapper is saved). */
  List<String> invalidHeaderNames() {
    return headerNames().stream().filter(name -> !HEADER_NAME.matcher(name).matches()).toList();
  }

  /**
   * Why the configuration cannot be saved, or empty; the default till is checked against the realm
   * by the mapper. The fallback switch is read from the raw map because {@link #from} reads
   * anything but "true" as off, which must not hide a typo.
   */
  static Optional<String> problem(Map<String, String> stored, TillAttributionConfig config) {
    String fallback = stored == null ? null : stored.get(FALLBACK);
    if (fallback != null
        && !fallback.isBlank()
        && !fallback.strip().equalsIgnoreCase("true")
        && !fallback.strip().equalsIgnoreCase("false")) {
      return Optional.of(String.format(FALLBACK_NOT_BOOLEAN, MapperConfigErrors.shown(fallback)));
    }
    // The raw values, so that " X-Till " or "   " is refused rather than silently trimmed.
    Optional<String> invalid =
        Stream.of(ENTITY_CODE_HEADER, ENTITY_TYPE_HEADER, TILL_CODE_HEADER)
            .map(key -> stored == null ? null : stored.get(key))
            .filter(raw -> raw != null && !raw.isEmpty() && !HEADER_NAME.matcher(raw).matches())
            .findFirst();
    if (invalid.isPresent()) {
      return Optional.of(
          String.format(INVALID_HEADER_NAME, MapperConfigErrors.shown(invalid.get())));
    }
    Optional<String> reserved =
        config.headerNames().stream()
            .filter(name -> RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
            .findFirst();
    if (reserved.isPresent()) {
      return Optional.of(
          String.format(RESERVED_HEADER_NAME, MapperConfigErrors.shown(reserved.get())));
    }
    Set<String> distinct = new HashSet<>();
    config.headerNames().forEach(name -> distinct.add(name.toLowerCase(Locale.ROOT)));
    if (distinct.size() < 3) {
      return Optional.of(SAME_HEADER_NAMES);
    }
    return Optional.empty();
  }

  private List<String> headerNames() {
    return List.of(entityCodeHeader, entityTypeHeader, tillCodeHeader);
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
