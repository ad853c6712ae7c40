package org.tillauth.keycloak.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.attribution.Attribution.Source;
import org.tillauth.keycloak.attribution.AttributionDecider.PlaceRef;

class AttributionDeciderTest {

  private static final String CODE = "X-CAP-API-ATTRIBUTION-ENTITY-CODE";
  private static final String TYPE = "X-CAP-API-ATTRIBUTION-ENTITY-TYPE";
  private static final String LEGACY = "X-CAP-API-ATTRIBUTION-TILL-CODE";

  /** Tills store.server (store-001) and till-002 (store-002); stores store-001, store-002. */
  private static final AttributionDecider.Places PLACES =
      new AttributionDecider.Places() {
        @Override
        public Optional<PlaceRef> till(String code) {
          return switch (code.toLowerCase(java.util.Locale.ROOT)) {
            case "store.server" ->
                Optional.of(new PlaceRef("store.server", Optional.of("store-001")));
            case "till-002" -> Optional.of(new PlaceRef("till-002", Optional.of("store-002")));
            default -> Optional.empty();
          };
        }

        @Override
        public Optional<String> store(String code) {
          return List.of("store-001", "store-002").contains(code)
              ? Optional.of(code)
              : Optional.empty();
        }
      };

  private final Map<String, List<String>> headers = new HashMap<>();

  private static TillAttributionConfig config(String defaultTill, boolean fallback) {
    return TillAttributionConfig.from(
        Map.of(
            "default.till", defaultTill, "fallback.to.default.till", Boolean.toString(fallback)));
  }

  private Attribution decide(TillAttributionConfig config) throws AttributionRejectedException {
    return AttributionDecider.decide(config, headers::get, PLACES);
  }

  private String rejection(TillAttributionConfig config) {
    try {
      decide(config);
    } catch (AttributionRejectedException e) {
      return e.getMessage();
    }
    throw new AssertionError("not rejected");
  }

  @Test
  void noHeaderMeansDefaultTill() throws Exception {
    Attribution a = decide(config("store.server", false));
    assertThat(a)
        .isEqualTo(
            new Attribution(
                Source.DEFAULT,
                Optional.of("store.server"),
                Optional.of("store-001"),
                "store.server"));
  }

  @Test
  void blankHeaderCountsAsAbsent() throws Exception {
    headers.put(CODE, List.of("  "));
    assertThat(decide(config("store.server", false)).source()).isEqualTo(Source.DEFAULT);
  }

  @Test
  void validTillInHeaderWins() throws Exception {
    headers.put(CODE, List.of("till-002"));
    Attribution a = decide(config("store.server", false));
    assertThat(a.source()).isEqualTo(Source.HEADER);
    assertThat(a.tillCode()).contains("till-002");
    assertThat(a.storeCode()).contains("store-002");
    assertThat(a.defaultTill()).isEqualTo("store.server");
  }

  @Test
  void explicitTillTypeAndLegacyHeaderWork() throws Exception {
    headers.put(CODE, List.of("till-002"));
    headers.put(TYPE, List.of("TILL"));
    assertThat(decide(config("store.server", false)).tillCode()).contains("till-002");

    headers.clear();
    headers.put(LEGACY, List.of("till-002"));
    Attribution legacy = decide(config("store.server", false));
    assertThat(legacy.source()).isEqualTo(Source.HEADER);
    assertThat(legacy.tillCode()).contains("till-002");
  }

  @Test
  void tillCodeIsReportedInItsCanonicalForm() throws Exception {
    headers.put(CODE, List.of("TILL-002"));
    assertThat(decide(config("store.server", false)).tillCode()).contains("till-002");
  }

  @Test
  void unknownTillFallsBackWhenEnabled() throws Exception {
    headers.put(CODE, List.of("nope"));
    Attribution a = decide(config("store.server", true));
    assertThat(a.source()).isEqualTo(Source.FALLBACK);
    assertThat(a.tillCode()).contains("store.server");
    assertThat(a.storeCode()).contains("store-001");
  }

  @Test
  void unknownTillIsRejectedWithoutFallback() {
    headers.put(CODE, List.of("nope"));
    assertThat(rejection(config("store.server", false))).isEqualTo("Unknown till code 'nope'");
    headers.clear();
    headers.put(LEGACY, List.of("nope"));
    assertThat(rejection(config("store.server", false))).isEqualTo("Unknown till code 'nope'");
  }

  @Test
  void storeCodeAttributesTheStoreWithoutATill() throws Exception {
    headers.put(CODE, List.of("store-002"));
    headers.put(TYPE, List.of("STORE_CODE"));
    Attribution a = decide(config("store.server", false));
    assertThat(a.source()).isEqualTo(Source.HEADER);
    assertThat(a.tillCode()).isEmpty();
    assertThat(a.storeCode()).contains("store-002");

    headers.put(CODE, List.of("store-999"));
    assertThat(rejection(config("store.server", false)))
        .isEqualTo("Unknown store code 'store-999'");
    assertThat(decide(config("store.server", true)).source()).isEqualTo(Source.FALLBACK);
  }

  @Test
  void unsupportedEntityTypeIsRejectedEvenWithFallback() {
    headers.put(CODE, List.of("main"));
    headers.put(TYPE, List.of("STORE_NAME"));
    assertThat(rejection(config("store.server", true)))
        .isEqualTo(
            "Unsupported attribution entity type 'STORE_NAME' (supported: TILL, STORE_CODE)");
  }

  @Test
  void malformedTillCodesAreInvalidTillsRejectedWithoutEchoingThemOrFallenBackFrom()
      throws Exception {
    for (String bad :
        List.of(
            "till\u0000", "till\r\nX-Evil: 1", "a".repeat(129), "<script>", "till 002", "tïll")) {
      headers.put(CODE, List.of(bad));
      assertThat(decide(config("store.server", true)).source()).as(bad).isEqualTo(Source.FALLBACK);
      assertThat(rejection(config("store.server", false)))
          .as(bad)
          .isEqualTo(
              "Invalid X-CAP-API-ATTRIBUTION-ENTITY-CODE header: use 1 to 128 of the characters"
                  + " A-Z a-z 0-9 . _ - @ +");
    }
    headers.clear();
    headers.put(TYPE, List.of("TILL;DROP"));
    assertThat(rejection(config("store.server", true)))
        .startsWith("Invalid X-CAP-API-ATTRIBUTION-ENTITY-TYPE header");
  }

  @Test
  void longestAcceptedValueIs128Characters() throws Exception {
    headers.put(CODE, List.of("a".repeat(128)));
    assertThat(decide(config("store.server", true)).source()).isEqualTo(Source.FALLBACK);
  }

  @Test
  void repeatedOrConflictingHeadersAreRejected() {
    headers.put(CODE, List.of("till-002", "store.server"));
    assertThat(rejection(config("store.server", true)))
        .isEqualTo("Header X-CAP-API-ATTRIBUTION-ENTITY-CODE must not be sent more than once");

    headers.clear();
    headers.put(CODE, List.of("till-002"));
    headers.put(LEGACY, List.of("store.server"));
    assertThat(rejection(config("store.server", true)))
        .isEqualTo(
            "Headers X-CAP-API-ATTRIBUTION-ENTITY-CODE and X-CAP-API-ATTRIBUTION-TILL-CODE name"
                + " different tills");
  }

  @Test
  void sameTillInBothHeadersIsFine() throws Exception {
    headers.put(CODE, List.of("till-002"));
    headers.put(LEGACY, List.of("till-002"));
    assertThat(decide(config("store.server", false)).tillCode()).contains("till-002");
  }

  @Test
  void customHeaderNamesAreUsed() throws Exception {
    TillAttributionConfig config =
        TillAttributionConfig.from(
            Map.of("default.till", "store.server", "header.entity.code", "X-Till"));
    headers.put(CODE, List.of("nope")); // the default name is no longer read
    headers.put("X-Till", List.of("till-002"));
    assertThat(AttributionDecider.decide(config, headers::get, PLACES).tillCode())
        .contains("till-002");
  }

  @Test
  void invalidDefaultTillIsRejectedWhenNeeded() throws Exception {
    assertThat(rejection(config("gone", true)))
        .isEqualTo("The default till code 'gone' of this client is not an enabled till");
    headers.put(CODE, List.of("till-002"));
    assertThat(decide(config("gone", false)).tillCode()).contains("till-002");
  }

  @Test
  void selfAttributionIgnoresHeaders() {
    Attribution a =
        AttributionDecider.self(
            config("store.server", false), new PlaceRef("till-002", Optional.of("store-002")));
    assertThat(a.source()).isEqualTo(Source.SELF);
    assertThat(a.tillCode()).contains("till-002");
  }

  @Test
  void claimsRoundTrip() {
    Attribution a =
        new Attribution(Source.HEADER, Optional.empty(), Optional.of("store-002"), "store.server");
    Map<String, Object> claims = new HashMap<>();
    a.writeClaims(claims);
    assertThat(claims)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "till_attribution", "header",
                "default_till", "store.server",
                "store_code", "store-002"));
    assertThat(Attribution.fromClaims(claims)).contains(a);
    assertThat(Attribution.fromClaims(Map.of("till_attribution", "bogus", "default_till", "x")))
        .isEmpty();
  }

  @Test
  void headerNamesAreValidatedForSaving() {
    assertThat(
            TillAttributionConfig.from(Map.of("header.entity.code", "Bad Header"))
                .invalidHeaderNames())
        .containsExactly("Bad Header");
    assertThat(TillAttributionConfig.from(Map.of()).invalidHeaderNames()).isEmpty();
  }
}
