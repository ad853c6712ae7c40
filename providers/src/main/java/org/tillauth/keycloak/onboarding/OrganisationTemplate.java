package org.tillauth.keycloak.onboarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * The organisation template shipped in the JAR ({@value #RESOURCE}): the demo realm's configuration
 * (till direct grant and its till step, client policies and profiles, role {@code till}, the stores
 * parent group, the access groups with their built-ins, {@code pos-terminal}, the customer app, the
 * login theme, the till hash, events and admin events) without users, API clients, secrets or
 * stores. Every value an organisation must choose is a placeholder {@code @@NAME@@}; {@link #fill}
 * replaces each one (always a whole JSON string) and refuses a template with a placeholder it does
 * not know, so a new placeholder in the template cannot be forgotten here.
 */
final class OrganisationTemplate {

  static final String RESOURCE = "/onboarding/organisation-template.json";

  static final String CODE = "@@ORGANISATION_CODE@@";
  static final String NAME = "@@ORGANISATION_NAME@@";
  static final String REDIRECT_URIS = "@@REDIRECT_URIS@@";
  // Flow ids are fixed in the template so the clients' flow bindings can point at them; each realm
  // gets fresh ones because an authentication flow's id is a primary key across all realms.
  static final String TILL_FLOW_ID = "@@TILL_DIRECT_GRANT_FLOW_ID@@";
  static final String CUSTOMER_FLOW_ID = "@@CUSTOMER_BROWSER_FLOW_ID@@";

  private static final Pattern PLACEHOLDER = Pattern.compile("@@[A-Z_]+@@");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OrganisationTemplate() {}

  /** The template as shipped, placeholders included. */
  static ObjectNode raw() {
    try (InputStream in = OrganisationTemplate.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE + " in the extension's JAR");
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The template with every placeholder filled: a list placeholder becomes the list's items. */
  static ObjectNode fill(String code, String name, List<String> redirectUris) {
    Map<String, String> values =
        Map.of(
            CODE,
            code,
            NAME,
            name,
            TILL_FLOW_ID,
            UUID.randomUUID().toString(),
            CUSTOMER_FLOW_ID,
            UUID.randomUUID().toString());
    ObjectNode template = raw();
    // Checked on the template, not on the result: an organisation's name may be any text.
    Matcher placeholders = PLACEHOLDER.matcher(template.toString());
    while (placeholders.find()) {
      if (!values.containsKey(placeholders.group())
          && !REDIRECT_URIS.equals(placeholders.group())) {
        throw new IllegalStateException(
            "Template placeholder " + placeholders.group() + " unknown");
      }
    }
    replace(template, values, redirectUris);
    return template;
  }

  /** The filled template as Keycloak's realm representation, ready for import. */
  static RealmRepresentation realm(String code, String name, List<String> redirectUris) {
    try {
      return JsonSerialization.readValue(
          fill(code, name, redirectUris).toString(), RealmRepresentation.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void replace(JsonNode node, Map<String, String> values, List<String> list) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(text(field.getValue().asText(), values)));
        } else {
          replace(field.getValue(), values, list);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        JsonNode item = array.get(i);
        if (item.isTextual() && REDIRECT_URIS.equals(item.asText())) {
          array.remove(i);
          for (int j = list.size() - 1; j >= 0; j--) {
            array.insert(i, list.get(j));
          }
        } else if (item.isTextual()) {
          array.set(i, new TextNode(text(item.asText(), values)));
        } else {
          replace(item, values, list);
        }
      }
    }
  }

  /** A placeholder is always a whole value, so a filled value is never read again. */
  private static String text(String value, Map<String, String> values) {
    return values.getOrDefault(value, value);
  }
}
