package org.tillauth.keycloak.tokenjson;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tillauth.keycloak.support.PlatformEnvelope;

/** The JSON token endpoint's bodies in the platform's envelope ({@link PlatformEnvelope}). */
final class Envelope {

  private Envelope() {}

  static String success(String accessToken, long ttlSeconds) {
    return successEnvelope(accessToken, ttlSeconds).write();
  }

  static String error(CompatError error) {
    return errorEnvelope(error).write();
  }

  static PlatformEnvelope successEnvelope(String accessToken, long ttlSeconds) {
    PlatformEnvelope envelope = PlatformEnvelope.success();
    ObjectNode data = envelope.data();
    data.put("accessToken", accessToken);
    data.put("ttlSeconds", ttlSeconds);
    return envelope;
  }

  static PlatformEnvelope errorEnvelope(CompatError error) {
    return PlatformEnvelope.error(error.code(), error.message());
  }
}
