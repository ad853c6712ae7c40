package org.tillauth.keycloak.onboarding;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.adminpage.AdminPageClient;
import org.tillauth.keycloak.internals.KeycloakRealmImport;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.organisation.PlatformOrganisations;
import org.tillauth.keycloak.till.BasicAuthSwitch;

/**
 * {@code POST /admin/realms/master/organisations}: one call creates an organisation's realm from
 * {@link OrganisationTemplate}, applies its settings and creates its first administrator. Only on
 * the master realm, and only for an administrator who may create realms (Keycloak's {@code
 * create-realm} role or {@code admin}, the check of Keycloak's own realm import). The whole request
 * is one transaction: every field is checked before anything is written, and any failure after the
 * realm was created is an error answer, on which Keycloak rolls the transaction (realm included)
 * back.
 */
public final class OrganisationsResource extends AdminResource {

  private static final Logger LOG = Logger.getLogger(OrganisationsResource.class);

  /** The realm-management roles of an organisation's administrator (README, demo-admin). */
  static final String[] ADMIN_ROLES = {
    AdminRoles.MANAGE_CLIENTS,
    AdminRoles.MANAGE_USERS,
    AdminRoles.MANAGE_REALM,
    AdminRoles.MANAGE_EVENTS
  };

  static final String EXISTS = "An organisation (realm) with code '%s' already exists";
  static final String CLIENT_EXISTS =
      "The master realm already has a client '%s', the name Keycloak gives the new realm's admin"
          + " client; choose another code or rename that client";
  private static final int PASSWORD_LENGTH = 20;

  private final String testFailurePrefix;

  OrganisationsResource(AdminRequest request, String testFailurePrefix) {
    super(request);
    this.testFailurePrefix = testFailurePrefix;
  }

  /**
   * The platform view: one page of organisations with their API-client and till counts, {@code
   * ?first=&max=&search=} (code or name), the number that match in {@code X-Total-Count}. The same
   * rights as creating one.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response list() {
    requirePlatformAdministrator();
    return PlatformOrganisations.list(session, realm);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response create(byte[] body) {
    AdminAuth admin = requirePlatformAdministrator();

    OnboardingRequest request = read(() -> OnboardingRequest.parse(jsonText(body)));
    if (session.realms().getRealmByName(request.code) != null) {
      throw new ErrorResponseException(
          "conflict", String.format(EXISTS, request.code), Response.Status.CONFLICT);
    }
    // Keycloak names the new realm's admin client in master '<code>-realm' and does not check
    // that the name is free: a second client of that name would make master's client ambiguous.
    String adminClient = request.code + "-realm";
    if (realm.getClientByClientId(adminClient) != null) {
      throw new ErrorResponseException(
          "conflict", String.format(CLIENT_EXISTS, adminClient), Response.Status.CONFLICT);
    }

    RealmModel created;
    try {
      created =
          KeycloakRealmImport.importRealm(
              session,
              OrganisationTemplate.realm(request.code, request.name, request.redirectUris));
    } catch (ModelDuplicateException e) {
      // Another request created the realm (or master's client '<code>-realm') meanwhile.
      throw new ErrorResponseException(
          "conflict", String.format(EXISTS, request.code), Response.Status.CONFLICT);
    }
    grantToCreator(admin, created);
    if (request.basicAuthentication != null) {
      BasicAuthSwitch.set(created, request.basicAuthentication);
    }
    if (request.ceiling != null) {
      try {
        LifespanCeiling.set(session, created, request.ceiling);
      } catch (org.keycloak.services.clientpolicy.ClientPolicyException e) {
        throw AdminErrors.badRequest(
            e.getErrorDetail() != null ? e.getErrorDetail() : e.getMessage());
      }
    }
    String password = SecretGenerator.getInstance().randomString(PASSWORD_LENGTH);
    UserModel user = administrator(created, request, password);
    if (testFailurePrefix != null && request.code.startsWith(testFailurePrefix)) {
      // See OrganisationsResourceProviderFactory.TEST_FAILURE_PREFIX: an unexpected failure here
      // is a 500, on which Keycloak rolls the whole request back.
      throw new IllegalStateException("Test failure after creating organisation " + request.code);
    }

    Map<String, Object> administrator = new LinkedHashMap<>();
    administrator.put("username", user.getUsername());
    Map<String, Object> recorded = new LinkedHashMap<>();
    recorded.put("code", created.getName());
    recorded.put("name", created.getDisplayName());
    recorded.put("administrator", Map.copyOf(administrator));
    recorded.put("redirectUris", request.redirectUris);
    recorded.put("basicAuthentication", BasicAuthSwitch.enabled(created));
    recorded.put("tokenLifespanCeiling", LifespanCeiling.effective(session, created).compact());
    event(OperationType.CREATE, ResourceType.REALM, "organisations", created.getName())
        .representation(recorded)
        .success();
    LOG.infof(
        "Organisation '%s' (%s) created by %s of realm %s; its administrator is '%s'",
        created.getName(),
        created.getDisplayName(),
        admin.getUser().getUsername(),
        admin.getRealm().getName(),
        user.getUsername());

    // Shown once: Keycloak keeps only its hash, and the administrator must change it at first
    // sign-in (required action UPDATE_PASSWORD).
    administrator.put("temporaryPassword", password);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("code", created.getName());
    answer.put("name", created.getDisplayName());
    answer.put("administrator", administrator);
    answer.put("pageUrl", AdminPageClient.pagePath(created));
    URI location =
        session
            .getContext()
            .getUri()
            .getBaseUriBuilder()
            .path("admin")
            .path("realms")
            .path(created.getName())
            .build();
    return Response.created(location)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .entity(answer)
        .build();
  }

  private AdminAuth requirePlatformAdministrator() {
    // Organisations are kept from the platform's realm only: elsewhere the path does not exist.
    if (!Config.getAdminRealm().equals(realm.getName())) {
      throw new NotFoundException();
    }
    AdminAuth admin = auth.adminAuth();
    AdminPermissions.realms(session, admin).requireCreateRealm();
    return admin;
  }

  /**
   * As Keycloak's own realm creation does: a creator without the master role {@code admin} gets the
   * new realm's admin roles in master, or they could not see the realm they created.
   */
  private static void grantToCreator(AdminAuth admin, RealmModel created) {
    if (admin.hasRealmRole(AdminRoles.ADMIN)) {
      return;
    }
    ClientModel adminClient = created.getMasterAdminClient();
    for (String role : AdminRoles.ALL_ROLES) {
      if (adminClient.getRole(role) != null) {
        admin.getUser().grantRole(adminClient.getRole(role));
      }
    }
  }

  private UserModel administrator(RealmModel created, OnboardingRequest request, String password) {
    UserModel user = session.users().addUser(created, request.username);
    user.setEnabled(true);
    user.setEmail(request.email);
    user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
    user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
    ClientModel management = created.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
    for (String role : ADMIN_ROLES) {
      user.grantRole(management.getRole(role));
    }
    return user;
  }
}
