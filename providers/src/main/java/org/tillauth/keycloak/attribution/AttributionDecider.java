package org.tillauth.keycloak.attribution;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.tillauth.keycloak.attribution.Attribution.Source;

/**
 * The one place that turns a service-account token request's attribution headers into an {@link
 * Attribution} or a rejection. The mapper and the client policy executor both call it.
 */
public final class AttributionDecider {

  /** What the decider needs to know about the realm's tills and stores. */
  public interface Places {
    /** The enabled till with this code: its canonical code and store. */
    Optional<PlaceRef> till(String code);

    /** The store with this code (a group under {@code /stores}), by its canonical name. */
    Optional<String> store(String code);
  }

  /**
   * A till as seen by the decider.
   *
   * @param storeConflict why the till cannot be attributed (it is in several stores), or null
   */
  public record PlaceRef(String tillCode, Optional<String> storeCode, String storeConflict) {

    public PlaceRef(String tillCode, Optional<String> storeCode) {
      this(tillCode, storeCode, null);
    }
  }

  /** Entity types of {@code X-CAP-API-ATTRIBUTION-ENTITY-TYPE} this server supports. */
  enum EntityType {
    TILL,
    STORE_CODE
  }

  // Error texts (error_description of a 400 invalid_request at the token endpoint).
  public static final String UNKNOWN_TILL = "Unknown till code '%s'";
  public static final String UNKNOWN_STORE = "Unknown store code '%s'";
  public static final String UNSUPPORTED_TYPE =
      "Unsupported attribution entity type '%s' (supported: TILL, STORE_CODE)";
  public static final String INVALID_HEADER =
      "Invalid %s header: use 1 to %d of the characters A-Z a-z 0-9 . _ - @ +";
  public static final String REPEATED_HEADER = "Header %s must not be sent more than once";
  public static final String CONFLICTING_HEADERS = "Headers %s and %s name different tills";
  public static final String INVALID_DEFAULT_TILL =
      "The default till code '%s' of this client is not an enabled till";

  /** Longest accepted header value; till codes are usernames, far shorter in practice. */
  public static final int MAX_VALUE_LENGTH = 128;

  private static final Pattern SAFE_VALUE =
      Pattern.compile("[A-Za-z0-9._@+-]{1," + MAX_VALUE_LENGTH + "}");

  private AttributionDecider() {}

  /**
   * Decides the attribution of a service-account token request.
   *
   * @param headers all values of a request header by name (empty list when absent)
   */
  public static Attribution decide(
      TillAttributionConfig config, Function<String, List<String>> headers, Places places)
      throws AttributionRejectedException {
    String type = wellFormed(header(headers, config.entityTypeHeader()), config.entityTypeHeader());
    String entityCode = header(headers, config.entityCodeHeader());
    String legacyCode = header(headers, config.tillCodeHeader());

    EntityType entityType = entityType(type);
    if (entityCode != null && legacyCode != null && !entityCode.equalsIgnoreCase(legacyCode)) {
      throw rejected(CONFLICTING_HEADERS, config.entityCodeHeader(), config.tillCodeHeader());
    }
    String codeHeader = config.entityCodeHeader();
    if (entityCode == null && legacyCode != null) {
      // The older header always names a till, whatever the type header says.
      entityCode = legacyCode;
      codeHeader = config.tillCodeHeader();
      entityType = EntityType.TILL;
    }
    if (entityCode != null && !SAFE_VALUE.matcher(entityCode).matches()) {
      // A malformed code is one more invalid till: the client's fallback decides.
      if (config.fallbackToDefault()) {
        return defaultTill(config, places, Source.FALLBACK);
      }
      throw rejected(INVALID_HEADER, codeHeader, MAX_VALUE_LENGTH);
    }
    if (entityCode == null) {
      return defaultTill(config, places, Source.DEFAULT);
    }
    if (entityType == EntityType.STORE_CODE) {
      Optional<String> store = places.store(entityCode);
      if (store.isPresent()) {
        return new Attribution(Source.HEADER, Optional.empty(), store, config.defaultTill());
      }
      return fallback(config, places, UNKNOWN_STORE, entityCode);
    }
    Optional<PlaceRef> till = places.till(entityCode);
    if (till.isPresent()) {
      refuseStoreConflict(till.get());
      return new Attribution(
          Source.HEADER,
          Optional.of(till.get().tillCode()),
          till.get().storeCode(),
          config.defaultTill());
    }
    return fallback(config, places, UNKNOWN_TILL, entityCode);
  }

  /** The attribution of a till's own token: always itself, headers play no part. */
  public static Attribution self(TillAttributionConfig config, PlaceRef till) {
    return new Attribution(
        Source.SELF, Optional.of(till.tillCode()), till.storeCode(), config.defaultTill());
  }

  private static Attribution fallback(
      TillAttributionConfig config, Places places, String error, String code)
      throws AttributionRejectedException {
    if (!config.fallbackToDefault()) {
      throw rejected(error, code);
    }
    return defaultTill(config, places, Source.FALLBACK);
  }

  private static Attribution defaultTill(TillAttributionConfig config, Places places, Source source)
      throws AttributionRejectedException {
    Optional<PlaceRef> till =
        config.defaultTill() == null ? Optional.empty() : places.till(config.defaultTill());
    if (till.isEmpty()) {
      // Saved valid, but the till was disabled or deleted since: refuse rather than mis-attribute.
      throw rejected(
          INVALID_DEFAULT_TILL, config.defaultTill() == null ? "" : config.defaultTill());
    }
    refuseStoreConflict(till.get());
    return new Attribution(
        source, Optional.of(till.get().tillCode()), till.get().storeCode(), config.defaultTill());
  }

  /**
   * A till in several stores is refused even where the client falls back to its default till: the
   * code is valid, the realm's data is not, and guessing a store would mis-attribute.
   */
  private static void refuseStoreConflict(PlaceRef till) throws AttributionRejectedException {
    if (till.storeConflict() != null) {
      throw new AttributionRejectedException(till.storeConflict());
    }
  }

  private static EntityType entityType(String type) throws AttributionRejectedException {
    if (type == null) {
      return EntityType.TILL;
    }
    try {
      return EntityType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw rejected(UNSUPPORTED_TYPE, type);
    }
  }

  /** The single value of a header; null when absent or blank. */
  private static String header(Function<String, List<String>> headers, String name)
      throws AttributionRejectedException {
    List<String> values = headers.apply(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw rejected(REPEATED_HEADER, name);
    }
    String value = values.get(0) == null ? "" : values.get(0).strip();
    return value.isEmpty() ? null : value;
  }

  private static String wellFormed(String value, String header)
      throws AttributionRejectedException {
    if (value != null && !SAFE_VALUE.matcher(value).matches()) {
      throw rejected(INVALID_HEADER, header, MAX_VALUE_LENGTH);
    }
    return value;
  }

  private static AttributionRejectedException rejected(String format, Object... args) {
    return new AttributionRejectedException(String.format(Locale.ROOT, format, args));
  }
}
