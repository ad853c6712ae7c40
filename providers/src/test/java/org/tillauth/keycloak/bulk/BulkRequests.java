package org.tillauth.keycloak.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;

/** Uploads import files as the page does (the file's bytes with their content type). */
final class BulkRequests {

  private BulkRequests() {}

  static Http.Result upload(
      AdminApi admin, Http http, String realm, String kind, String contentType, byte[] body) {
    return upload(admin, http, realm, kind + "", contentType, body, "");
  }

  static Http.Result upload(
      AdminApi admin,
      Http http,
      String realm,
      String kind,
      String contentType,
      byte[] body,
      String query) {
    HttpRequest.Builder request =
        http.request(
                "/admin/realms/" + realm + "/organisation-import/" + kind + query,
                Map.of("Authorization", admin.authorization()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build());
  }

  static Http.Result csv(AdminApi admin, Http http, String realm, String kind, String csv) {
    return upload(
        admin,
        http,
        realm,
        kind,
        "text/csv",
        csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Polls the job until it is no longer running (at most two minutes). */
  static JsonNode awaitJob(AdminApi admin, String realm, Http.Result accepted) {
    if (accepted.status() != 202) {
      throw new AssertionError("Expected 202, got " + accepted);
    }
    String id = accepted.json().path("id").asText();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = admin.getJson("/admin/realms/" + realm + "/organisation-import/" + id);
      if (!"running".equals(job.path("status").asText())) {
        return job;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Import " + id + " still running after two minutes");
  }

  /**
   * The status of an upload of {@code size} bytes sent as a browser or curl sends a large body:
   * HTTP/1.1 with {@code Expect: 100-continue}, so the server can refuse it by its length.
   */
  static int oversized(AdminApi admin, Http http, String realm, int size) {
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(http.url("/admin/realms/" + realm + "/organisation-import/tills"))
            .header("Authorization", admin.authorization())
            .header("Content-Type", "text/csv")
            .expectContinue(true)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size]))
            .build();
    try {
      return client
          .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
