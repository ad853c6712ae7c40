package org.tillauth.keycloak.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Works out which API request the gateway asks about from everything that describes it: the {@code
 * X-Original-*} headers (nginx), the {@code X-Forwarded-*} headers (Traefik) and, for Envoy, the
 * path after {@code /verify} with the verification request's own method.
 *
 * <p>Gateways set their own family of headers but may pass the caller's headers on as well (Traefik
 * does unless {@code authRequestHeaders} is set), so a caller can add the other family. Every
 * source present must therefore describe the same method and the same path; when two disagree, or a
 * header is repeated, the request is unresolvable, and callers restricted by access groups are
 * denied.
 */
final class OriginalRequestSources {

  static final String ORIGINAL_METHOD = "X-Original-Method";
  static final String ORIGINAL_URI = "X-Original-URI";
  static final String FORWARDED_METHOD = "X-Forwarded-Method";
  static final String FORWARDED_URI = "X-Forwarded-Uri";

  private OriginalRequestSources() {}

  /**
   * @param headers all values of a request header by name (null or empty when absent)
   * @param method the verification request's own method
   * @param pathSuffix the path after {@code /verify/} (Envoy), or null
   */
  static OriginalRequest resolve(
      Function<String, List<String>> headers, String method, String pathSuffix) {
    List<String> verbs = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (String name : List.of(ORIGINAL_METHOD, FORWARDED_METHOD)) {
      List<String> values = headers.apply(name);
      if (values != null && values.size() > 1) {
        return OriginalRequest.unresolvable(firstOf(values));
      }
      if (values != null && values.size() == 1) {
        verbs.add(values.get(0));
      }
    }
    for (String name : List.of(ORIGINAL_URI, FORWARDED_URI)) {
      List<String> values = headers.apply(name);
      if (values != null && values.size() > 1) {
        return OriginalRequest.unresolvable(verbs.isEmpty() ? "" : verbs.get(0));
      }
      if (values != null && values.size() == 1) {
        uris.add(values.get(0));
      }
    }
    if (pathSuffix != null) {
      // Envoy ext_authz: the original path follows /verify and the method is the original one.
      verbs.add(method);
      uris.add("/" + pathSuffix);
    }
    String verb = verbs.isEmpty() ? "" : verbs.get(0);
    List<OriginalRequest> candidates = new ArrayList<>();
    for (String uri : uris) {
      candidates.add(OriginalRequest.of(verb, uri));
    }
    boolean verbsAgree =
        verbs.stream().map(OriginalRequestSources::canonicalVerb).distinct().count() <= 1;
    // An unusable path normalises to none, so it disagrees with any usable one.
    boolean pathsAgree = candidates.stream().map(OriginalRequest::path).distinct().count() <= 1;
    if (!verbsAgree || !pathsAgree) {
      return OriginalRequest.unresolvable(verb);
    }
    return candidates.isEmpty() ? OriginalRequest.of(verb, null) : candidates.get(0);
  }

  private static String canonicalVerb(String verb) {
    return verb == null ? "" : verb.strip().toUpperCase(Locale.ROOT);
  }

  private static String firstOf(List<String> values) {
    return Optional.ofNullable(values.get(0)).orElse("");
  }
}
