package org.tillauth.keycloak.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tillauth.keycloak.testing.DemoRealm;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.KeycloakIT;

/**
 * docs/openapi.yaml is the machine-readable contract of every endpoint the JAR adds: it must parse
 * as OpenAPI 3.1, and for each documented operation the server's real answers must use a documented
 * status, carry the documented required headers and match the documented body schema.
 */
@KeycloakIT
class OpenApiContractIT {

  static final Path SPEC = Path.of("..", "docs", "openapi.yaml");
  static final String REALM = DemoRealm.NAME;
  static final String TILL_BASIC =
      "Basic c3RvcmUuc2VydmVyOjhhMTZhNmI3MDUwNWViMWYxZmY3Y2RjMGNkNTU1OWE3";

  static JsonNode spec;

  @BeforeAll
  static void load() throws IOException {
    spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(SPEC));
  }

  @Test
  void specIsValidOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readLocation(SPEC.toAbsolutePath().toString(), null, options);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths())
        .containsKeys(
            "/realms/{realm}/till-auth/verify",
            "/realms/{realm}/till-auth/verify/{originalPath}",
            "/realms/{realm}/v3/oauth/token/generate");
  }

  /** One real request per documented operation and outcome. */
  record Call(
      String pathTemplate,
      String method,
      String path,
      Map<String, String> headers,
      String body,
      int expected) {}

  @Test
  void everyDocumentedOperationAnswersAsDocumented(Http http) {
    String token =
        http.clientCredentials(REALM, "demo-integration", "demo-integration-secret", Map.of())
            .accessToken();
    String verify = "/realms/{realm}/till-auth/verify";
    String envoy = "/realms/{realm}/till-auth/verify/{originalPath}";
    String generate = "/realms/{realm}/v3/oauth/token/generate";
    String base = "/realms/" + REALM;
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "no-such-till:00000000000000000000000000000000"
                        .getBytes(StandardCharsets.UTF_8));
    Map<String, String> write =
        Map.of(
            "Authorization",
            "Bearer " + token,
            "X-Original-Method",
            "POST",
            "X-Original-URI",
            "/v2/points");
    List<Call> calls = new ArrayList<>();
    for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
      calls.add(
          new Call(
              verify,
              method,
              base + "/till-auth/verify",
              Map.of("Authorization", TILL_BASIC),
              "",
              200));
      calls.add(
          new Call(
              verify, method, base + "/till-auth/verify", Map.of("Authorization", wrong), "", 401));
      calls.add(new Call(verify, method, base + "/till-auth/verify", write, "", 403));
    }
    calls.add(new Call(verify, "GET", base + "/till-auth/verify", Map.of(), "", 401));
    calls.add(
        new Call(
            verify,
            "GET",
            base + "/till-auth/verify",
            Map.of("Authorization", "Bearer x.y.z"),
            "",
            401));
    calls.add(
        new Call(
            envoy,
            "GET",
            base + "/till-auth/verify/v2/points",
            Map.of("Authorization", "Bearer " + token),
            "",
            200));
    calls.add(
        new Call(
            envoy,
            "POST",
            base + "/till-auth/verify/v2/points",
            Map.of("Authorization", "Bearer " + token),
            "",
            403));
    calls.add(new Call(envoy, "GET", base + "/till-auth/verify/v2/points", Map.of(), "", 401));
    Map<String, String> json = Map.of("Content-Type", "application/json");
    calls.add(
        new Call(
            generate,
            "POST",
            base + "/v3/oauth/token/generate",
            json,
            "{\"key\":\"demo-integration\",\"secret\":\"demo-integration-secret\"}",
            200));
    calls.add(
        new Call(
            generate,
            "POST",
            base + "/v3/oauth/token/generate",
            json,
            "{\"key\":\"demo-integration\",\"secret\":\"wrong\"}",
            401));
    calls.add(new Call(generate, "POST", base + "/v3/oauth/token/generate", json, "", 400));
    calls.add(
        new Call(
            generate,
            "POST",
            base + "/v3/oauth/token/generate",
            Map.of("Content-Type", "text/plain"),
            "{}",
            415));
    calls.add(new Call(generate, "GET", base + "/v3/oauth/token/generate", Map.of(), "", 405));

    Set<String> exercised = new TreeSet<>();
    for (Call call : calls) {
      Http.Result result =
          http.send(
              http.request(call.path(), call.headers())
                  .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()))
                  .build());
      String label = call.method() + " " + call.path() + " " + call.headers().keySet();
      assertThat(result.status()).as(label + " -> " + result).isEqualTo(call.expected());
      JsonNode response =
          documentedResponse(call.pathTemplate(), call.method(), result.status(), label);
      checkHeaders(response, result, label);
      checkBody(response, result, label);
      exercised.add(call.pathTemplate() + " " + call.method().toLowerCase(Locale.ROOT));
    }
    // Every documented operation was called at least once.
    Set<String> documented = new TreeSet<>();
    spec.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        name -> {
                          if (!name.equals("parameters")) {
                            documented.add(path.getKey() + " " + name);
                          }
                        }));
    assertThat(exercised).containsAll(documented);
  }

  private static JsonNode documentedResponse(
      String template, String method, int status, String label) {
    JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    assertThat(operation.isMissingNode()).as("documented operation for " + label).isFalse();
    JsonNode response = operation.path("responses").path(Integer.toString(status));
    assertThat(response.isMissingNode())
        .as("status " + status + " documented for " + label)
        .isFalse();
    return resolve(response);
  }

  private static void checkHeaders(JsonNode response, Http.Result result, String label) {
    Iterator<Map.Entry<String, JsonNode>> headers = response.path("headers").fields();
    while (headers.hasNext()) {
      Map.Entry<String, JsonNode> header = headers.next();
      JsonNode definition = resolve(header.getValue());
      if (definition.path("required").asBoolean(false)) {
        assertThat(result.headers().firstValue(header.getKey()))
            .as(header.getKey() + " on " + label)
            .isPresent();
      }
    }
  }

  private static void checkBody(JsonNode response, Http.Result result, String label) {
    JsonNode schema = response.path("content").path("application/json").path("schema");
    if (schema.isMissingNode() || result.body().isEmpty()) {
      return;
    }
    assertThat(result.header("Content-Type")).as(label).startsWith("application/json");
    Set<ValidationMessage> errors = schemaFor(schema).validate(result.json());
    assertThat(errors).as(label + " body " + result.body()).isEmpty();
  }

  /** The schema with components.schemas as its $defs, so that $refs resolve. */
  private static JsonSchema schemaFor(JsonNode schema) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$defs", spec.path("components").path("schemas"));
    root.put("allOf", List.of(schema));
    String text = Http.toJson(root).replace("#/components/schemas/", "#/$defs/");
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String ref = current.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      current = spec.at(ref.substring(1));
      assertThat(current.isMissingNode()).as("reference " + ref).isFalse();
    }
    return current;
  }
}
