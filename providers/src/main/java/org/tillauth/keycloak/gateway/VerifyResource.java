package org.tillauth.keycloak.gateway;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.tillauth.keycloak.metrics.GatewayMeters;
import org.tillauth.keycloak.model.ModelNames;

/**
 * {@code /realms/{realm}/till-auth/verify}: forward authentication for the organisation's API
 * gateway (nginx {@code auth_request}, Traefik {@code forwardAuth}, Envoy {@code ext_authz}). Every
 * method is accepted and any body ignored; Envoy's {@code path_prefix} form {@code
 * /verify/<original path>} is accepted too. 200 with the caller's headers, 401 or 403 in the
 * platform's envelope; never cached.
 */
public final class VerifyResource {

  private static final Logger LOG = Logger.getLogger(VerifyResource.class);

  private final KeycloakSession session;
  private final GatewayResourceProviderFactory factory;

  VerifyResource(KeycloakSession session, GatewayResourceProviderFactory factory) {
    this.session = session;
    this.factory = factory;
  }

  // JAX-RS has no "any method": one handler per verb, all alike.

  @GET
  @Path("verify")
  public Response get() {
    return verify("GET", null, false);
  }

  @HEAD
  @Path("verify")
  public Response head() {
    return verify("HEAD", null, true);
  }

  @POST
  @Path("verify")
  public Response post() {
    return verify("POST", null, false);
  }

  @PUT
  @Path("verify")
  public Response put() {
    return verify("PUT", null, false);
  }

  @PATCH
  @Path("verify")
  public Response patch() {
    return verify("PATCH", null, false);
  }

  @DELETE
  @Path("verify")
  public Response delete() {
    return verify("DELETE", null, false);
  }

  @OPTIONS
  @Path("verify")
  public Response options() {
    return verify("OPTIONS", null, false);
  }

  @GET
  @Path("verify/{path: .*}")
  public Response getPath(@PathParam("path") @Encoded String path) {
    return verify("GET", path, false);
  }

  @HEAD
  @Path("verify/{path: .*}")
  public Response headPath(@PathParam("path") @Encoded String path) {
    return verify("HEAD", path, true);
  }

  @POST
  @Path("verify/{path: .*}")
  public Response postPath(@PathParam("path") @Encoded String path) {
    return verify("POST", path, false);
  }

  @PUT
  @Path("verify/{path: .*}")
  public Response putPath(@PathParam("path") @Encoded String path) {
    return verify("PUT", path, false);
  }

  @PATCH
  @Path("verify/{path: .*}")
  public Response patchPath(@PathParam("path") @Encoded String path) {
    return verify("PATCH", path, false);
  }

  @DELETE
  @Path("verify/{path: .*}")
  public Response deletePath(@PathParam("path") @Encoded String path) {
    return verify("DELETE", path, false);
  }

  @OPTIONS
  @Path("verify/{path: .*}")
  public Response optionsPath(@PathParam("path") @Encoded String path) {
    return verify("OPTIONS", path, false);
  }

  /**
   * The answer to a request whose form or multipart body the framework failed to parse before this
   * resource ran (Keycloak parses the form of every POST, PUT and PATCH, see {@code
   * request/MalformedFormBodies}): the endpoint never reads a body, so it answers as if there were
   * none.
   */
  public static Response ignoringBody(KeycloakSession session) {
    RealmResourceProviderFactory factory =
        (RealmResourceProviderFactory)
            session
                .getKeycloakSessionFactory()
                .getProviderFactory(RealmResourceProvider.class, GatewayResourceProviderFactory.ID);
    String method = session.getContext().getHttpRequest().getHttpMethod();
    // The raw path: the suffix is handed on encoded, as the @Encoded path parameter is.
    Matcher path = PATH.matcher(session.getContext().getUri().getRequestUri().getRawPath());
    String suffix = path.matches() ? path.group(1) : null;
    return new VerifyResource(session, (GatewayResourceProviderFactory) factory)
        .verify(method, suffix, "HEAD".equals(method));
  }

  /** The endpoint's path, with the Envoy {@code path_prefix} suffix as group 1 (encoded). */
  public static final Pattern PATH =
      Pattern.compile("(?:.*/)?realms/[^/]+/till-auth/verify(?:/(.*))?");

  /** The credential the request presented, for the meters (one resource per request). */
  private GatewayMeters.Credential credential = GatewayMeters.Credential.NONE;

  private Response verify(String method, String pathSuffix, boolean head) {
    long started = System.nanoTime();
    Response response = decide(method, pathSuffix, head);
    factory
        .meters()
        .verification(session.getContext().getRealm(), credential, response.getStatus(), started);
    return response;
  }

  private Response decide(String method, String pathSuffix, boolean head) {
    RealmModel realm = session.getContext().getRealm();
    try {
      if (realm.getSslRequired().isRequired(session.getContext().getConnection())
          && !"https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme())) {
        return GatewayResponses.refused(GatewayError.HTTPS_REQUIRED, realm.getName(), head);
      }
      HttpHeaders headers = session.getContext().getRequestHeaders();
      PresentedCredentials credentials =
          PresentedCredentials.from(
              headers.getRequestHeader(HttpHeaders.AUTHORIZATION),
              headers.getRequestHeader(PresentedCredentials.PLATFORM_TOKEN_HEADER));
      credential = meterTag(credentials);
      Authentication authentication = authenticate(realm, credentials);
      if (authentication.error().isPresent()) {
        return GatewayResponses.refused(authentication.error().get(), realm.getName(), head);
      }
      Caller caller = authentication.caller().orElseThrow();
      AccessCheck.Decision decision =
          AccessCheck.decide(
              caller,
              OriginalRequestSources.resolve(headers::getRequestHeader, method, pathSuffix),
              routes(realm));
      if (!decision.allowed()) {
        return GatewayResponses.refused(
            GatewayError.ACCESS_DENIED, realm.getName(), head, decision.required());
      }
      return GatewayResponses.allowed(caller, head);
    } catch (RuntimeException e) {
      // A changed Keycloak internal arrives here already named and logged by internals/Boundary.
      String reference = UUID.randomUUID().toString();
      LOG.errorf(
          e, "Gateway verification failed in realm '%s' (ref %s)", realm.getName(), reference);
      GatewayError internal = GatewayError.INTERNAL_ERROR;
      return GatewayResponses.refused(
          new GatewayError(
              internal.code(),
              internal.status(),
              internal.message() + " (ref " + reference + ")",
              internal.challenge()),
          realm.getName(),
          head);
    }
  }

  private static GatewayMeters.Credential meterTag(PresentedCredentials credentials) {
    if (credentials instanceof PresentedCredentials.Basic) {
      return GatewayMeters.Credential.BASIC;
    }
    if (credentials instanceof PresentedCredentials.Bearer) {
      return GatewayMeters.Credential.BEARER;
    }
    return credentials instanceof PresentedCredentials.None
        ? GatewayMeters.Credential.NONE
        : GatewayMeters.Credential.MALFORMED;
  }

  private record Authentication(Optional<Caller> caller, Optional<GatewayError> error) {
    static Authentication of(Caller caller) {
      return new Authentication(Optional.of(caller), Optional.empty());
    }

    static Authentication refused(GatewayError error) {
      return new Authentication(Optional.empty(), Optional.of(error));
    }
  }

  private Authentication authenticate(RealmModel realm, PresentedCredentials credentials) {
    if (credentials instanceof PresentedCredentials.None) {
      return Authentication.refused(GatewayError.NO_CREDENTIALS);
    }
    if (credentials instanceof PresentedCredentials.Unusable unusable) {
      return Authentication.refused(
          switch (unusable.problem()) {
            case MALFORMED_BASIC -> GatewayError.TILL_REFUSED;
            case MALFORMED_TOKEN -> GatewayError.TOKEN_REFUSED;
            case CONFLICT -> GatewayError.CONFLICTING_CREDENTIALS;
          });
    }
    if (!realm.isEnabled()) {
      return Authentication.refused(
          credentials instanceof PresentedCredentials.Basic
              ? GatewayError.TILL_REFUSED
              : GatewayError.TOKEN_REFUSED);
    }
    if (credentials instanceof PresentedCredentials.Basic basic) {
      TillBasicCheck.Result result =
          new TillBasicCheck(session, realm, factory.cache(), factory.warnings())
              .check(basic.credentials());
      return result.error().isPresent()
          ? Authentication.refused(result.error().get())
          : Authentication.of(
              Caller.till(result.till().orElseThrow(), Optional.empty(), Optional.empty()));
    }
    String token = ((PresentedCredentials.Bearer) credentials).token();
    return new TokenCheck(session, realm, factory.warnings())
        .check(token)
        .map(Authentication::of)
        .orElse(Authentication.refused(GatewayError.TOKEN_REFUSED));
  }

  private GatewayRoutes routes(RealmModel realm) {
    GatewayRoutes routes = factory.routeTables().of(realm, ModelNames.of(session).resources());
    if (!routes.problems().isEmpty()) {
      GatewayMeters.invalidRouteTable(realm);
    }
    routes
        .problems()
        .forEach(
            problem ->
                factory
                    .warnings()
                    .warn(
                        realm.getId() + problem,
                        "Gateway route table of realm '"
                            + realm.getName()
                            + "' is invalid, API clients are denied until it is fixed: "
                            + problem));
    return routes;
  }
}
