package org.tillauth.keycloak.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.admin.InvalidFieldException;

class ApiClientRequestTest {

  @Test
  void registerBodyIsParsedAndTrimmed() {
    ApiClientRequest request =
        ApiClientRequest.parse(
            "{\"name\":\" Sync \",\"description\":\"d\",\"tokenExpiry\":\"2h\","
                + "\"defaultTill\":\" store.server \",\"useDefaultTillForInvalidTill\":true,"
                + "\"accessGroup\":\"POS\"}",
            true);
    assertThat(request.name()).isEqualTo("Sync");
    assertThat(request.tokenExpirySeconds()).isEqualTo(7200);
    assertThat(request.defaultTill()).isEqualTo("store.server");
    assertThat(request.useDefaultTillForInvalidTill()).isTrue();
    assertThat(request.enabled()).isNull();
  }

  @Test
  void updateBodyMayOmitEverything() {
    ApiClientRequest request = ApiClientRequest.parse("{\"enabled\":false}", false);
    assertThat(request.name()).isNull();
    assertThat(request.tokenExpirySeconds()).isNull();
    assertThat(request.enabled()).isFalse();
  }

  @Test
  void expiriesAreMinutesHoursOrDaysOfAtLeastOneMinute() {
    assertThat(ApiClientRequest.expirySeconds("60")).isEqualTo(3600);
    assertThat(ApiClientRequest.expirySeconds("30d")).isEqualTo(2_592_000);
    for (String bad : new String[] {"0m", "soon", "1w", "-5m", "1.5h"}) {
      assertThatThrownBy(() -> ApiClientRequest.expirySeconds(bad))
          .as(bad)
          .isInstanceOf(InvalidFieldException.class);
    }
  }

  @Test
  void enabledIsNotARegistrationField() {
    assertThatThrownBy(
            () ->
                ApiClientRequest.parse(
                    "{\"name\":\"n\",\"tokenExpiry\":\"1h\",\"defaultTill\":\"t\","
                        + "\"accessGroup\":\"g\",\"enabled\":true}",
                    true))
        .isInstanceOf(InvalidFieldException.class);
  }
}
