package org.tillauth.keycloak.apiclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.InvalidFieldException;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The register/update body: {@code name}, {@code description}, {@code tokenExpiry} ({@code 60m},
 * {@code 2h}, {@code 30d}), {@code defaultTill}, {@code useDefaultTillForInvalidTill}, {@code
 * accessGroup} (and {@code enabled} on update). Absent fields are null: required on register,
 * unchanged on update. Only syntax is checked here; tills, groups and the ceiling are checked
 * against the realm by the resource. Every refusal is an {@link InvalidFieldException}.
 */
record ApiClientRequest(
    String name,
    String description,
    Long tokenExpirySeconds,
    String defaultTill,
    Boolean useDefaultTillForInvalidTill,
    String accessGroup,
    Boolean enabled) {

  static final int NAME_MAX = 255;
  static final int DESCRIPTION_MAX = 255;
  static final int CODE_MAX = 255;

  private static final Set<String> REGISTER_FIELDS =
      Set.of(
          "name",
          "description",
          "tokenExpiry",
          "defaultTill",
          "useDefaultTillForInvalidTill",
          "accessGroup");
  private static final Set<String> UPDATE_FIELDS =
      Set.of(
          "name",
          "description",
          "tokenExpiry",
          "defaultTill",
          "useDefaultTillForInvalidTill",
          "accessGroup",
          "enabled");
  private static final Set<String> SECRET_FIELDS = Set.of("gracePeriod");

  static ApiClientRequest parse(String body, boolean register) {
    JsonFields fields = JsonFields.of(body, register ? REGISTER_FIELDS : UPDATE_FIELDS);
    String name = register ? fields.required("name", NAME_MAX) : fields.text("name", NAME_MAX);
    if (name != null && name.isBlank()) {
      throw fields.refuse(AdminErrors.REQUIRED, "name");
    }
    if (name != null && !JsonBodies.isVisibleName(name)) {
      throw fields.refuse(JsonBodies.INVISIBLE, "name");
    }
    String expiry = register ? fields.required("tokenExpiry", 20) : fields.text("tokenExpiry", 20);
    return new ApiClientRequest(
        name == null ? null : name.strip(),
        fields.text("description", DESCRIPTION_MAX),
        expiry == null ? null : expirySeconds(expiry),
        stripped(
            register
                ? fields.required("defaultTill", CODE_MAX)
                : fields.text("defaultTill", CODE_MAX)),
        fields.bool("useDefaultTillForInvalidTill"),
        stripped(
            register
                ? fields.required("accessGroup", CODE_MAX)
                : fields.text("accessGroup", CODE_MAX)),
        fields.bool("enabled"));
  }

  /**
   * The grace period of {@code POST .../secret}'s optional body {@code {"gracePeriod":"1h"}}: how
   * long the previous secret stays valid; zero when the body or the field is absent.
   */
  static Duration gracePeriod(String body) {
    if (body.isBlank()) {
      return Duration.ZERO;
    }
    JsonFields fields = JsonFields.of(body, SECRET_FIELDS);
    JsonNode value = fields.get("gracePeriod");
    if (value == null || value.isNull()) {
      return Duration.ZERO;
    }
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw new InvalidFieldException(ApiClientErrors.GRACE_SYNTAX);
    }
    return GracePeriod.parse(value.asText());
  }

  /** Seconds of a token expiry such as {@code 60m}; the ceiling itself is the policy's to judge. */
  static long expirySeconds(String text) {
    LifespanDuration duration =
        LifespanDuration.parse(text)
            .orElseThrow(() -> new InvalidFieldException(ApiClientErrors.EXPIRY_SYNTAX));
    if (duration.seconds() < 60) {
      throw new InvalidFieldException(ApiClientErrors.EXPIRY_TOO_SHORT);
    }
    return duration.seconds();
  }

  private static String stripped(String value) {
    return value == null ? null : value.strip();
  }
}
