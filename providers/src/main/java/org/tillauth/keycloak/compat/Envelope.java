package org.tillauth.keycloak.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The platform's response shape: {@code {"data":{...},"errors":null}} on success and {@code
 * {"data":null,"errors":[{"code":...,"message":...}]}} on failure.
 */
final class Envelope {

  // Configured once, never mutated: safe to share between threads.
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Envelope() {}

  static String success(String accessToken, long ttlSeconds) {
    ObjectNode root = NODES.objectNode();
    ObjectNode data = root.putObject("data");
    data.put("accessToken", accessToken);
    data.put("ttlSeconds", ttlSeconds);
    root.putNull("errors");
    return write(root);
  }

  static String error(CompatError error) {
    ObjectNode root = NODES.objectNode();
    root.putNull("data");
    ObjectNode entry = root.putArray("errors").addObject();
    entry.put("code", error.code());
    entry.put("message", error.message());
    return write(root);
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a tree of strings and numbers", e);
    }
  }
}
