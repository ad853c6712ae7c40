package org.tillauth.keycloak.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.http.HttpRequest;

class ClientSecretPostRequestTest {

  private HttpRequest original;
  private ClientSecretPostRequest request;

  @BeforeEach
  void setUp() {
    MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
    headers.add("Content-Type", "application/json; charset=UTF-8");
    headers.add("Authorization", "Basic b3RoZXI6c2VjcmV0");
    headers.add("Origin", "https://evil.example");
    headers.add("X-CAP-API-ATTRIBUTION-ENTITY-CODE", "till-002");
    headers.add("DPoP", "proof");
    HttpHeaders httpHeaders = mock(HttpHeaders.class);
    when(httpHeaders.getRequestHeaders()).thenReturn(headers);
    original = mock(HttpRequest.class);
    when(original.getHttpHeaders()).thenReturn(httpHeaders);
    when(original.getHttpMethod()).thenReturn("POST");
    request = new ClientSecretPostRequest(original, "my-client", "my secret");
  }

  @Test
  void bodyCredentialsBecomeAClientSecretPostForm() {
    MultivaluedMap<String, String> form = request.getDecodedFormParameters();

    assertThat(form).hasSize(3);
    assertThat(form.get("grant_type")).containsExactly("client_credentials");
    assertThat(form.get("client_id")).containsExactly("my-client");
    assertThat(form.get("client_secret")).containsExactly("my secret");
    assertThat(request.getHttpHeaders().getMediaType())
        .isEqualTo(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    assertThat(request.getHttpHeaders().getHeaderString("content-type"))
        .isEqualTo(MediaType.APPLICATION_FORM_URLENCODED);
  }

  @Test
  void authorizationAndOriginHeadersAreNotPassedOn() {
    HttpHeaders headers = request.getHttpHeaders();

    assertThat(headers.getHeaderString("Authorization")).isNull();
    assertThat(headers.getRequestHeaders().getFirst("authorization")).isNull();
    assertThat(headers.getRequestHeader("Origin")).isNull();
    assertThat(headers.getRequestHeaders().keySet())
        .containsExactlyInAnyOrder("Content-Type", "X-CAP-API-ATTRIBUTION-ENTITY-CODE", "DPoP");
  }

  @Test
  void otherHeadersReachKeycloakWhateverTheirCase() {
    HttpHeaders headers = request.getHttpHeaders();

    assertThat(headers.getHeaderString("x-cap-api-attribution-entity-code")).isEqualTo("till-002");
    assertThat(headers.getRequestHeaders().getFirst("dpop")).isEqualTo("proof");
    assertThat(headers.getRequestHeader("DPoP")).isEqualTo(List.of("proof"));
    assertThat(request.getHttpMethod()).isEqualTo("POST");
  }
}
