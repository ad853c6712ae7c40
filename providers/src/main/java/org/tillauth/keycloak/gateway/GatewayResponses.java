package org.tillauth.keycloak.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.tillauth.keycloak.support.PlatformEnvelope;

/**
 * The verify endpoint's answers: headers for the gateway to forward, and the platform's envelope
 * ({@link PlatformEnvelope}) as body; never cached.
 */
final class GatewayResponses {

  static final String AUTH_TYPE = "X-Auth-Type";
  static final String TILL_CODE = "X-Till-Code";
  static final String STORE_CODE = "X-Store-Code";
  static final String TILL_ATTRIBUTION = "X-Till-Attribution";
  static final String CLIENT_ID = "X-Client-Id";
  static final String SUBJECT = "X-Subject";
  static final String ACCESS_GROUP = "X-Access-Group";
  static final String ACCESS_GROUP_PERMISSIONS = "X-Access-Group-Permissions";
  static final String ERROR_CODE = "X-Auth-Error-Code";
  static final String ACCESS_REQUIRED = "X-Access-Required";

  private GatewayResponses() {}

  static Response allowed(Caller caller, boolean head) {
    PlatformEnvelope envelope = PlatformEnvelope.success();
    ObjectNode data = envelope.data();
    Response.ResponseBuilder response = Response.ok();
    header(response, data, AUTH_TYPE, "authType", Optional.of(caller.type().wireName));
    header(response, data, TILL_CODE, "tillCode", caller.tillCode());
    header(response, data, STORE_CODE, "storeCode", caller.storeCode());
    header(response, data, TILL_ATTRIBUTION, "tillAttribution", caller.tillAttribution());
    header(response, data, CLIENT_ID, "clientId", caller.clientId());
    header(response, data, SUBJECT, "subject", caller.subject());
    header(response, data, ACCESS_GROUP, "accessGroup", caller.accessGroup());
    if (caller.accessGroup().isPresent() || !caller.permissions().isEmpty()) {
      caller.permissions().forEach(data.putArray("accessGroupPermissions")::add);
    }
    header(
        response,
        data,
        ACCESS_GROUP_PERMISSIONS,
        null,
        Optional.of(String.join(",", caller.permissions())));
    return finish(response, envelope, head);
  }

  static Response refused(GatewayError error, String realmName, boolean head) {
    return refused(error, realmName, head, Optional.empty());
  }

  /**
   * {@code required}: the permission an access-group refusal names ({@code data:customer:write}).
   */
  static Response refused(
      GatewayError error, String realmName, boolean head, Optional<String> required) {
    PlatformEnvelope envelope = PlatformEnvelope.error(error.code(), error.message());
    ObjectNode entry = envelope.error();
    Response.ResponseBuilder response = Response.status(error.status());
    response.header(ERROR_CODE, error.code());
    required.ifPresent(
        permission -> {
          int level = permission.lastIndexOf(':');
          entry.put("resource", permission.substring(0, level));
          entry.put("level", permission.substring(level + 1));
          response.header(ACCESS_REQUIRED, permission);
        });
    if (error.status() == 401) {
      String realm = quote(realmName);
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=" + realm + ", charset=\"UTF-8\"");
      String bearer = "Bearer realm=" + realm;
      if (error.challenge() == GatewayError.Challenge.BEARER) {
        String code =
            error == GatewayError.CONFLICTING_CREDENTIALS ? "invalid_request" : "invalid_token";
        bearer += ", error=\"" + code + "\", error_description=" + quote(error.message());
      }
      response.header(HttpHeaders.WWW_AUTHENTICATE, bearer);
    }
    return finish(response, envelope, head);
  }

  private static void header(
      Response.ResponseBuilder response,
      ObjectNode data,
      String header,
      String field,
      Optional<String> value) {
    // Every identity header is sent, empty when there is no value: a gateway that copies it then
    // replaces a copy the caller sent itself (Envoy and Traefik copy only headers present in the
    // answer). Values come from this realm's own tokens and users; one that is not printable ASCII
    // is sent empty too (the JSON body keeps it).
    Optional<String> present = value.filter(v -> !v.isEmpty());
    response.header(header, present.filter(GatewayResponses::isPrintableAscii).orElse(""));
    if (field != null) {
      present.ifPresent(v -> data.put(field, v));
    }
  }

  private static Response finish(
      Response.ResponseBuilder response, PlatformEnvelope envelope, boolean head) {
    return (head ? PlatformEnvelope.noStore(response) : envelope.into(response)).build();
  }

  private static boolean isPrintableAscii(String value) {
    return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  /** An RFC 7230 quoted-string. */
  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
