package org.tillauth.keycloak.apiclient;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ProtocolMapperModel;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.secret.ClientSecrets;

/** An API client as the endpoints show it: never a secret, only when it was issued. */
final class ApiClientView {

  static final String LIFESPAN = LifespanCeiling.CLIENT_LIFESPAN;

  private ApiClientView() {}

  static Map<String, Object> of(ClientModel client) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", client.getId());
    view.put("clientKey", client.getClientId());
    view.put("name", client.getName());
    view.put("description", client.getDescription());
    view.put("enabled", client.isEnabled());
    Long seconds = lifespanSeconds(client);
    view.put("tokenExpiry", seconds == null ? null : LifespanDuration.compact(seconds));
    view.put("tokenExpirySeconds", seconds);
    ProtocolMapperModel attribution = ApiClientMappers.attribution(client);
    view.put(
        "defaultTill",
        attribution == null ? null : attribution.getConfig().get(ApiClientMappers.DEFAULT_TILL));
    view.put(
        "useDefaultTillForInvalidTill",
        attribution != null
            && Boolean.parseBoolean(attribution.getConfig().get(ApiClientMappers.FALLBACK)));
    ProtocolMapperModel group = ApiClientMappers.accessGroup(client);
    view.put(
        "accessGroup", group == null ? null : group.getConfig().get(ApiClientMappers.ACCESS_GROUP));
    view.put("hasSecret", ClientSecrets.hasSecret(client));
    view.put("secretIssuedAt", ClientSecrets.issuedAt(client).orElse(null));
    view.put("previousSecretValidUntil", ClientSecrets.previousValidUntil(client).orElse(null));
    return view;
  }

  static Long lifespanSeconds(ClientModel client) {
    String value = client.getAttribute(LIFESPAN);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
