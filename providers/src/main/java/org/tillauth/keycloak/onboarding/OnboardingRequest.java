package org.tillauth.keycloak.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.support.AdminErrors;
import org.tillauth.keycloak.support.JsonBodies;

/**
 * The body of {@code POST /admin/realms/master/organisations}, read and checked in full before
 * anything is created: each refusal is an {@link IllegalArgumentException} naming the field.
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
  private static final int MAX_TEXT = 255;
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

  private OnboardingRequest(ObjectNode body) {
    rejectUnknown(body, FIELDS, "");
    String codeText = requiredText(body, "code");
    if (!CODE.matcher(codeText).matches()) {
      throw new IllegalArgumentException(BAD_CODE);
    }
    this.code = codeText;
    String nameText = requiredText(body, "name");
    if (!JsonBodies.isVisibleName(nameText)) {
      throw new IllegalArgumentException(String.format(JsonBodies.INVISIBLE, "name"));
    }
    this.name = nameText;

    JsonNode admin = body.get("administrator");
    if (admin == null || admin.isNull()) {
      throw new IllegalArgumentException(String.format(AdminErrors.REQUIRED, "administrator"));
    }
    if (!admin.isObject()) {
      throw new IllegalArgumentException(String.format(AdminErrors.NOT_OBJECT, "administrator"));
    }
    rejectUnknown(admin, ADMIN_FIELDS, "administrator.");
    String emailText = requiredText(admin, "email", "administrator.email");
    if (!EMAIL.matcher(emailText).matches()) {
      throw new IllegalArgumentException(BAD_EMAIL);
    }
    this.email = emailText.toLowerCase(Locale.ROOT);
    String usernameText = optionalText(admin, "username", "administrator.username");
    // Keycloak keeps usernames in lower case; checking the stored form keeps the answer true.
    String chosen = usernameText == null ? this.email : usernameText.toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(chosen).matches()) {
      throw new IllegalArgumentException(BAD_USERNAME);
    }
    this.username = chosen;

    this.redirectUris = redirectUris(body.get("redirectUris"));

    JsonNode basic = body.get("basicAuthentication");
    if (basic == null || basic.isNull()) {
      this.basicAuthentication = null;
    } else if (basic.isBoolean()) {
      this.basicAuthentication = basic.asBoolean();
    } else {
      throw new IllegalArgumentException(
          String.format(AdminErrors.NOT_BOOLEAN, "basicAuthentication"));
    }
    String ceilingText = optionalText(body, "tokenLifespanCeiling", "tokenLifespanCeiling");
    if (ceilingText == null) {
      this.ceiling = null;
    } else {
      try {
        this.ceiling = LifespanCeiling.parse(ceilingText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Field 'tokenLifespanCeiling': " + e.getMessage());
      }
    }
  }

  /** Parses the JSON text; a refusal names the field. */
  static OnboardingRequest parse(String text) {
    return new OnboardingRequest(JsonBodies.object(text));
  }

  private static void rejectUnknown(JsonNode node, Set<String> fields, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw new IllegalArgumentException(
            String.format(AdminErrors.UNKNOWN_FIELD, prefix + field));
      }
    }
  }

  private static String requiredText(JsonNode node, String field) {
    return requiredText(node, field, field);
  }

  private static String requiredText(JsonNode node, String field, String label) {
    String value = optionalText(node, field, label);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(String.format(AdminErrors.REQUIRED, label));
    }
    return value.strip();
  }

  private static String optionalText(JsonNode node, String field, String label) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(String.format(AdminErrors.NOT_STRING, label));
    }
    String text = value.asText();
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException(String.format(AdminErrors.TOO_LONG, label, MAX_TEXT));
    }
    if (!JsonBodies.isCleanText(text)) {
      throw new IllegalArgumentException(String.format(JsonBodies.NOT_TEXT, label));
    }
    return text;
  }

  private static List<String> redirectUris(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(String.format(AdminErrors.REQUIRED, "redirectUris"));
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(String.format(NOT_LIST, "redirectUris"));
    }
    if (node.isEmpty() || node.size() > MAX_REDIRECTS) {
      throw new IllegalArgumentException(String.format(NO_REDIRECT, MAX_REDIRECTS));
    }
    List<String> uris = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(String.format(NOT_LIST, "redirectUris"));
      }
      String uri = item.asText();
      if (!isRedirectUri(uri)) {
        throw new IllegalArgumentException(
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
