package org.tillauth.keycloak.till;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;
import org.tillauth.keycloak.testing.RealmFixtures;
import org.tillauth.keycloak.testing.UniqueNames;
import org.tillauth.keycloak.testing.VersionIndependent;
import org.tillauth.keycloak.testing.fuzz.Answers;
import org.tillauth.keycloak.testing.fuzz.Answers.Answer;
import org.tillauth.keycloak.testing.fuzz.Fuzz;
import org.tillauth.keycloak.testing.fuzz.FuzzRun;
import org.tillauth.keycloak.testing.fuzz.RawHttp;

/**
 * Hostile till-login forms at the standard token endpoint: every answer is an OAuth error JSON or a
 * token for the exact till and digest, and the till can still log in afterwards (hostile forms
 * never lock it out). Well-formed wrong digests go to unknown usernames only, so brute-force
 * detection is not what the suite measures.
 */
@KeycloakIT
@VersionIndependent
class TillGrantFuzzIT {

  private static final String REALM = "demo-org";
  private static final int CASES = 250;
  private static final Pattern WELL_FORMED = Pattern.compile("[0-9a-fA-F]{32}");

  private static String till;
  private static String tillId;
  private static String digest;

  @BeforeAll
  static void createTill(AdminApi admin) {
    till = UniqueNames.of("fuzz-till");
    String password = "Fuzz-" + till;
    tillId = new RealmFixtures(admin, REALM, "fuzz").till(till, password);
    digest = Md5Digest.of(password);
  }

  @AfterAll
  static void deleteTill(AdminApi admin) {
    admin.delete("/admin/realms/" + REALM + "/users/" + tillId);
  }

  @Test
  void hostileFormsGetOAuthErrorsAndTheTillKeepsLoggingIn(Http http) {
    RawHttp raw = new RawHttp(http.baseUrl());
    String path = http.tokenEndpoint(REALM);
    FuzzRun.cases(
        "till-grant",
        CASES,
        fuzz -> {
          String username = username(fuzz);
          String password = password(fuzz);
          if (WELL_FORMED.matcher(password).matches() && !password.equalsIgnoreCase(digest)) {
            username = "nobody-" + Long.toHexString(fuzz.seed());
          }
          List<String[]> params = new ArrayList<>();
          params.add(param(fuzz, "grant_type", "password"));
          params.add(param(fuzz, "client_id", "pos-terminal"));
          params.add(new String[] {"username", username});
          params.add(new String[] {"password", password});
          if (fuzz.chance(0.15)) {
            params.add(
                new String[] {
                  fuzz.pick("username", "password", "scope", "client_secret"), fuzz.hostileString()
                });
          }
          if (fuzz.chance(0.1)) {
            params.remove(fuzz.between(0, params.size() - 1));
          }
          byte[] body = encode(fuzz, params);
          String contentType =
              fuzz.chance(0.9)
                  ? "application/x-www-form-urlencoded"
                  : fuzz.pick(
                      "application/json",
                      "text/plain",
                      "application/x-www-form-urlencoded; charset=utf-16",
                      "multipart/form-data; boundary=x");
          fuzz.note("content-type", contentType);
          fuzz.note("body", body);

          Answer answer =
              Answer.of(raw.send("POST", path, RawHttp.headers("Content-Type", contentType), body));

          if (answer.status() == 200) {
            assertThat(username.toLowerCase(Locale.ROOT)).isEqualTo(till);
            assertThat(password).isEqualToIgnoringCase(digest);
            assertThat(answer.json().path("access_token").asText()).isNotEmpty();
          } else {
            Answers.oauthError(answer);
          }
        });

    Http.Result after = http.passwordGrant(REALM, "pos-terminal", till, digest);
    assertThat(after.status()).as("%s", after).isEqualTo(200);
  }

  private String username(Fuzz fuzz) {
    return switch (fuzz.between(0, 4)) {
      case 0 -> till;
      case 1 -> fuzz.mutate(till);
      default -> fuzz.hostileString(255, 256, 4096);
    };
  }

  private String password(Fuzz fuzz) {
    // Well-formed digests each cost a password hash (Argon2) on the server: keep them a minority.
    return switch (fuzz.between(0, 19)) {
      case 0 -> digest;
      case 1 -> digest.toUpperCase(Locale.ROOT);
      case 2 -> fuzz.pick("d41d8cd98f00b204e9800998ecf8427e", "0".repeat(32));
      case 3, 4, 5, 6 -> fuzz.mutate(digest);
      case 7, 8, 9 ->
          digest.substring(0, fuzz.between(0, 31)) + fuzz.pick("", "g", "\uFF10", " ", "\u0000");
      case 10, 11 -> fuzz.pick("Fuzz-" + till, "0x" + digest, digest + digest);
      default -> fuzz.hostileString(32, 33, 64);
    };
  }

  private static String[] param(Fuzz fuzz, String name, String valid) {
    return new String[] {
      name, fuzz.chance(0.9) ? valid : fuzz.chance(0.5) ? fuzz.mutate(valid) : fuzz.hostileString()
    };
  }

  /** Mostly proper form encoding; sometimes broken percent escapes or raw bytes. */
  private static byte[] encode(Fuzz fuzz, List<String[]> params) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        out.write('&');
      }
      write(out, URLEncoder.encode(params.get(i)[0], StandardCharsets.UTF_8));
      out.write('=');
      String value = params.get(i)[1];
      switch (fuzz.between(0, 9)) {
        case 0 ->
            write(out, value + fuzz.pick("%", "%Z", "%ZZ", "%C1%A4", "%00", "%ED%A0%80", "%FF"));
        case 1 -> {
          byte[] bad = fuzz.badUtf8();
          write(out, URLEncoder.encode(value, StandardCharsets.UTF_8));
          out.write(bad, 0, bad.length);
        }
        case 2 -> {
          byte[] rawBytes = value.getBytes(StandardCharsets.UTF_8);
          out.write(rawBytes, 0, rawBytes.length);
        }
        default -> write(out, URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String ascii) {
    byte[] bytes = ascii.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }
}
