package org.tillauth.keycloak.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The platform's response shape, shared by the JSON token endpoint and the gateway: {@code
 * {"data":{...},"errors":null}} on success and {@code
 * {"data":null,"errors":[{"code":...,"message":...}]}} on failure. Callers fill in {@code data} or
 * add fields to the error entry, then {@link #into} a response (or {@link #write} the root). Every
 * answer in the envelope is written here, never stored by a cache.
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

  /**
   * Marks an answer as never to be stored: {@code Cache-Control: no-store} and {@code Pragma:
   * no-cache}, as RFC 6749 5.1 asks of the standard token endpoint.
   */
  public static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
    return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
  }

  /** The answer with this envelope as its JSON body, never stored. */
  public Response.ResponseBuilder into(Response.ResponseBuilder response) {
    return noStore(response).type(MediaType.APPLICATION_JSON_TYPE).entity(write());
  }

  public String write() {
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a tree of strings and numbers", e);
    }
  }
}
