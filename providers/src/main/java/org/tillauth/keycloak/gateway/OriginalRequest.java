package org.tillauth.keycloak.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.tillauth.keycloak.support.StrictUtf8;

/**
 * The API request the gateway asks about: its method and its path, normalised the way an upstream
 * would resolve it (percent-decoding, dot segments, repeated slashes, case), so that no spelling of
 * a path reaches a resource under another name. A path that cannot be resolved safely (encoded
 * slash or backslash, NUL or other controls, invalid UTF-8, climbing above the root) is {@code
 * invalid} and is denied to callers restricted by access groups.
 */
record OriginalRequest(String method, Optional<String> path, boolean invalid) {

  static final int MAX_URI_LENGTH = 8192;

  static OriginalRequest of(String method, String uri) {
    String verb = method == null || method.isBlank() ? "" : method.strip().toUpperCase(Locale.ROOT);
    if (uri == null || uri.isBlank()) {
      return new OriginalRequest(verb, Optional.empty(), false);
    }
    Optional<String> path = normalise(uri.strip());
    return new OriginalRequest(verb, path, path.isEmpty());
  }

  /** A request whose path is ambiguous (e.g. the URI header sent twice). */
  static OriginalRequest unresolvable(String method) {
    return new OriginalRequest(method.strip().toUpperCase(Locale.ROOT), Optional.empty(), true);
  }

  /** GET, HEAD and OPTIONS read; every other method (and an unknown one) writes. */
  boolean isRead() {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  static Optional<String> normalise(String uri) {
    if (uri.length() > MAX_URI_LENGTH) {
      return Optional.empty();
    }
    String path = uri;
    int scheme = path.indexOf("://");
    if (scheme > 0 && scheme < path.indexOf('/') + 1) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int end = indexOfAny(path, "?#");
    if (end >= 0) {
      path = path.substring(0, end);
    }
    if (!path.startsWith("/")) {
      return Optional.empty();
    }
    Optional<String> decoded = percentDecode(path);
    if (decoded.isEmpty() || decoded.get().indexOf('\\') >= 0) {
      return Optional.empty();
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String raw : decoded.get().split("/", -1)) {
      // Path parameters (";jsessionid=...") are dropped by many upstreams: match without them.
      int parameters = raw.indexOf(';');
      String segment = parameters < 0 ? raw : raw.substring(0, parameters);
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.removeLast();
        continue;
      }
      segments.addLast(segment.toLowerCase(Locale.ROOT));
    }
    return Optional.of("/" + String.join("/", segments));
  }

  private static Optional<String> percentDecode(String path) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.empty();
      }
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= path.length()) {
        return Optional.empty();
      }
      int value = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
      // An encoded slash or backslash would make one segment look like two (or vice versa).
      if (value < 0 || value < 0x20 || value == 0x7f || value == '/' || value == '\\') {
        return Optional.empty();
      }
      bytes.write(value);
      i += 2;
    }
    return StrictUtf8.decode(bytes.toByteArray());
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1000;
  }

  private static int indexOfAny(String value, String chars) {
    for (int i = 0; i < value.length(); i++) {
      if (chars.indexOf(value.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
