package org.tillauth.keycloak.internals;

import jakarta.ws.rs.core.AbstractMultivaluedMap;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The JSON token request seen as the form post Keycloak's token endpoint reads: {@code
 * grant_type=client_credentials&client_id=<key>&client_secret=<secret>} with {@code Content-Type:
 * application/x-www-form-urlencoded}. Everything else (method, URI, TLS client certificates, the
 * other headers such as attribution and {@code DPoP}) is the real request's.
 *
 * <p>Two headers are hidden: {@code Authorization}, because the contract carries credentials in the
 * body only (Keycloak would otherwise prefer a Basic header), and {@code Origin}, because this
 * endpoint is for server-to-server callers and answers without CORS headers.
 *
 * <p>Mirrors what Keycloak's token endpoint reads of {@code org.keycloak.http.HttpRequest} (the
 * form parameters, headers, client certificate chain, URI) as of Keycloak 26.4; used only by {@link
 * TokenEndpointGrant}.
 */
final class ClientSecretPostRequest implements HttpRequest {

  private static final Set<String> HIDDEN =
      Set.of(
          HttpHeaders.AUTHORIZATION.toLowerCase(Locale.ROOT),
          "origin",
          HttpHeaders.CONTENT_TYPE.toLowerCase(Locale.ROOT));

  private final HttpRequest request;
  private final MultivaluedMap<String, String> form;
  private final FormHeaders headers;

  ClientSecretPostRequest(HttpRequest request, String clientId, String clientSecret) {
    this.request = request;
    this.form = new MultivaluedHashMap<>();
    form.add(OAuth2Constants.GRANT_TYPE, OAuth2Constants.CLIENT_CREDENTIALS);
    form.add(OAuth2Constants.CLIENT_ID, clientId);
    form.add(OAuth2Constants.CLIENT_SECRET, clientSecret);
    this.headers = new FormHeaders(request.getHttpHeaders());
  }

  @Override
  public String getHttpMethod() {
    return request.getHttpMethod();
  }

  @Override
  public MultivaluedMap<String, String> getDecodedFormParameters() {
    return form;
  }

  @Override
  public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
    return new MultivaluedHashMap<>();
  }

  @Override
  public HttpHeaders getHttpHeaders() {
    return headers;
  }

  @Override
  public X509Certificate[] getClientCertificateChain() {
    return request.getClientCertificateChain();
  }

  @Override
  public UriInfo getUri() {
    return request.getUri();
  }

  @Override
  public boolean isProxyTrusted() {
    return request.isProxyTrusted();
  }

  static boolean hidden(String header) {
    return header != null && HIDDEN.contains(header.toLowerCase(Locale.ROOT));
  }

  /** The real headers minus the hidden ones, with the form content type. */
  private static final class FormHeaders implements HttpHeaders {

    private final HttpHeaders headers;
    private final MultivaluedMap<String, String> all;

    FormHeaders(HttpHeaders headers) {
      this.headers = headers;
      // Header names are case-insensitive, as in the map Keycloak's own request returns.
      this.all = new AbstractMultivaluedMap<>(new TreeMap<>(String.CASE_INSENSITIVE_ORDER)) {};
      for (Map.Entry<String, List<String>> header : headers.getRequestHeaders().entrySet()) {
        if (!hidden(header.getKey())) {
          all.put(header.getKey(), new ArrayList<>(header.getValue()));
        }
      }
      all.putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_FORM_URLENCODED);
    }

    @Override
    public List<String> getRequestHeader(String name) {
      return all.get(name);
    }

    @Override
    public String getHeaderString(String name) {
      List<String> values = all.get(name);
      return values == null ? null : String.join(",", values);
    }

    @Override
    public MultivaluedMap<String, String> getRequestHeaders() {
      return all;
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
      return headers.getAcceptableMediaTypes();
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
      return headers.getAcceptableLanguages();
    }

    @Override
    public MediaType getMediaType() {
      return MediaType.APPLICATION_FORM_URLENCODED_TYPE;
    }

    @Override
    public Locale getLanguage() {
      return headers.getLanguage();
    }

    @Override
    public Map<String, Cookie> getCookies() {
      return headers.getCookies();
    }

    @Override
    public Date getDate() {
      return headers.getDate();
    }

    @Override
    public int getLength() {
      return headers.getLength();
    }
  }
}
