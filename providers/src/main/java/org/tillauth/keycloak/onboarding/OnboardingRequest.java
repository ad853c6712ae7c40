package org.tillauth.keycloak.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.InvalidFieldException;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The body of {@code POST /admin/realms/master/organisations}, read and checked in full before
 * anything is created: each refusal is an {@link InvalidFieldException} naming the field.
 */
final class OnboardingRequest {

  static final Pattern CODE = Pattern.compile("[a-z0-9-]{2,36}");
  static final String BAD_CODE =
      "Field 'code' must be 2 to 36 lowercase letters, digits or '-' (it becomes the realm name)";
  static final String BAD_EMAIL = "Field 'administrator.email' must be an email address";
  static final String BAD_USERNAME =
      "Field 'administrator.username' must be 3 to 255 letters, digits or . _ - @ +";
  static final String NO_REDIRECT =
      "Field 'redirectUris' must list 1 to %d redirect URIs of the organisation's customer apps";
  static final String BAD_REDIRECT =
      "Field 'redirectUris' item '%s' must be an absolute https URL (http only for localhost),"
          + " without fragment; '*' only at the end";
  static final String NOT_LIST = "Field '%s' must be a list of strings";

  static final int MAX_REDIRECTS = 20;
  private static final int MAX_URI = 1000;
  private static final Set<String> FIELDS =
      Set.of(
          "code",
          "name",
          "administrator",
          "redirectUris",
          "basicAuthentication",
          "tokenLifespanCeiling");
  private static final Set<String> ADMIN_FIELDS = Set.of("email", "username");
  // Deliberately plain: one '@', a dot in the domain, no spaces or control characters. Keycloak's
  // own email validator runs again when the administrator changes it.
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9._@+-]{3,255}");

  final String code;
  final String name;
  final String email;
  final String username;
  final List<String> redirectUris;
  final Boolean basicAuthentication;
  final LifespanDuration ceiling;

  private OnboardingRequest(JsonFields body) {
    String codeText = body.required("code");
    if (!CODE.matcher(codeText).matches()) {
      throw new InvalidFieldException(BAD_CODE);
    }
    this.code = codeText;
    String nameText = body.required("name");
    if (!JsonBodies.isVisibleName(nameText)) {
      throw body.refuse(JsonBodies.INVISIBLE, "name");
    }
    this.name = nameText;

    JsonFields admin = body.object("administrator", ADMIN_FIELDS);
    String emailText = admin.required("email");
    if (!EMAIL.matcher(emailText).matches()) {
      throw new InvalidFieldException(BAD_EMAIL);
    }
    this.email = emailText.toLowerCase(Locale.ROOT);
    String usernameText = admin.text("username");
    // Keycloak keeps usernames in lower case; checking the stored form keeps the answer true.
    String chosen = usernameText == null ? this.email : usernameText.toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(chosen).matches()) {
      throw new InvalidFieldException(BAD_USERNAME);
    }
    this.username = chosen;

    this.redirectUris = redirectUris(body.get("redirectUris"));
    this.basicAuthentication = body.bool("basicAuthentication");
    String ceilingText = body.text("tokenLifespanCeiling");
    if (ceilingText == null) {
      this.ceiling = null;
    } else {
      try {
        this.ceiling = LifespanCeiling.parse(ceilingText);
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("Field 'tokenLifespanCeiling': " + e.getMessage());
      }
    }
  }

  /** Parses the JSON text; a refusal names the field. */
  static OnboardingRequest parse(String text) {
    return new OnboardingRequest(JsonFields.of(text, FIELDS));
  }

  private static List<String> redirectUris(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new InvalidFieldException(String.format(AdminErrors.REQUIRED, "redirectUris"));
    }
    if (!node.isArray()) {
      throw new InvalidFieldException(String.format(NOT_LIST, "redirectUris"));
    }
    if (node.isEmpty() || node.size() > MAX_REDIRECTS) {
      throw new InvalidFieldException(String.format(NO_REDIRECT, MAX_REDIRECTS));
    }
    List<String> uris = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new InvalidFieldException(String.format(NOT_LIST, "redirectUris"));
      }
      String uri = item.asText();
      if (!isRedirectUri(uri)) {
        throw new InvalidFieldException(
            String.format(BAD_REDIRECT, uri.length() > 80 ? uri.substring(0, 80) + "…" : uri));
      }
      if (!uris.contains(uri)) {
        uris.add(uri);
      }
    }
    return uris;
  }

  /**
   * https anywhere, http only to this machine (a developer's app); a trailing {@code *} is
   * Keycloak's prefix match, allowed only at the end as Keycloak reads it nowhere else.
   */
  static boolean isRedirectUri(String uri) {
    if (uri.length() > MAX_URI || !JsonBodies.isCleanText(uri) || uri.contains(" ")) {
      return false;
    }
    String plain = uri.endsWith("*") ? uri.substring(0, uri.length() - 1) : uri;
    if (plain.contains("*")) {
      return false;
    }
    URI parsed;
    try {
      parsed = new URI(plain);
    } catch (URISyntaxException e) {
      return false;
    }
    if (parsed.getHost() == null
        || parsed.getRawFragment() != null
        || parsed.getUserInfo() != null) {
      return false;
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    String host = parsed.getHost().toLowerCase(Locale.ROOT);
    return "https".equals(scheme)
        || ("http".equals(scheme)
            && ("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host)));
  }
}
