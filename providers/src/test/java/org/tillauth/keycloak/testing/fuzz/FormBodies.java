package org.tillauth.keycloak.testing.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * Form and multipart bodies, most of them broken: Keycloak parses the form of every POST, PUT and
 * PATCH before the endpoint runs, whatever the endpoint reads, so these reach the framework's form
 * parser on every path (broken {@code %} escapes, multipart bodies cut off or without a boundary).
 */
public final class FormBodies {

  /** One body and the {@code Content-Type} it is sent with. */
  public record Body(String contentType, byte[] bytes) {
    @Override
    public String toString() {
      return contentType + " | " + Fuzz.shown(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private FormBodies() {}

  public static Body of(Fuzz fuzz) {
    String field = fuzz.pick("a", "name", "grant_type", fuzz.randomString(fuzz.between(1, 8)));
    if (fuzz.chance(0.5)) {
      String value =
          fuzz.pick(
              "%zz",
              "%",
              "%4",
              "%e2%28",
              "%%",
              fuzz.hostileString(0, 64) + "%" + fuzz.randomString(1),
              fuzz.hostileString(0, 64));
      String body = fuzz.pick(field + "=" + value, value, field + "=ok&" + value + "=x");
      String type =
          fuzz.pick(
              "application/x-www-form-urlencoded",
              "application/x-www-form-urlencoded; charset=UTF-8",
              "APPLICATION/X-WWW-FORM-URLENCODED");
      return new Body(type, body.getBytes(StandardCharsets.UTF_8));
    }
    // A boundary with control characters never gets past the HTTP layer (400, empty body).
    String boundary = fuzz.pick("x", "----b", "a1b2c3", "\"quoted\"", "=");
    String part =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + field
            + "\"\r\n\r\n"
            + fuzz.hostileString(0, 64);
    String body =
        fuzz.pick(
            part, // cut off: no closing boundary
            part + "\r\n--" + boundary + "--\r\n",
            "--" + boundary + "\r\n",
            "--" + boundary,
            "a=b",
            "");
    String type =
        fuzz.pick(
            "multipart/form-data; boundary=" + boundary,
            "multipart/form-data",
            "multipart/mixed; boundary=" + boundary);
    return new Body(type, body.getBytes(StandardCharsets.UTF_8));
  }
}
