package org.tillauth.keycloak.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The platform's response shape, shared by the JSON token endpoint and the gateway: {@code
 * {"data":{...},"errors":null}} on success and {@code
 * {"data":null,"errors":[{"code":...,"message":...}]}} on failure. Callers fill in {@code data} or
 * add fields to the error entry, then {@link #write} the root.
 */
public final class PlatformEnvelope {

  // Configured once, never mutated: safe to share between threads.
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode root;
  private final ObjectNode data;
  private final ObjectNode entry;

  private PlatformEnvelope(ObjectNode root, ObjectNode data, ObjectNode entry) {
    this.root = root;
    this.data = data;
    this.entry = entry;
  }

  /** A success: {@link #data()} is the object to fill, {@code errors} is null. */
  public static PlatformEnvelope success() {
    ObjectNode root = NODES.objectNode();
    ObjectNode data = root.putObject("data");
    root.putNull("errors");
    return new PlatformEnvelope(root, data, null);
  }

  /** A failure with one error entry; {@link #error()} is that entry, for extra fields. */
  public static PlatformEnvelope error(int code, String message) {
    ObjectNode root = NODES.objectNode();
    root.putNull("data");
    ObjectNode entry = root.putArray("errors").addObject();
    entry.put("code", code);
    entry.put("message", message);
    return new PlatformEnvelope(root, null, entry);
  }

  /** The success's data object; null on a failure. */
  public ObjectNode data() {
    return data;
  }

  /** The failure's error entry; null on a success. */
  public ObjectNode error() {
    return entry;
  }

  public String write() {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a tree of strings and numbers", e);
    }
  }
}
