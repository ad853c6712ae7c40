package org.tillauth.keycloak.organisation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.admin.JsonFields;
import org.tillauth.keycloak.lifespan.LifespanCeiling;
import org.tillauth.keycloak.lifespan.LifespanDuration;
import org.tillauth.keycloak.metrics.OrganisationMeters;
import org.tillauth.keycloak.till.BasicAuthSwitch;

/**
 * {@code /admin/realms/{realm}/organisation-settings}: the switch "Enable basic authentication" and
 * the API clients' token lifespan ceiling, each kept where Keycloak keeps it (the till step's
 * authenticator config; the client profile's executor), so the admin console shows the same values
 * and both take effect at the next till login or token. Reading needs view-realm, changing
 * manage-realm, as for flows and client policies in the console.
 */
public final class OrganisationSettingsResource extends AdminResource {

  static final String ABOVE_RECOMMENDED =
      "A token lifespan of more than 60 minutes is not recommended for security reasons";
  // Only clients with refresh tokens for client credentials keep a stored session that ends their
  // tokens; every other API client gets its full token expiry (see ServiceAccountTokenLift).
  static final String SESSION_SHORTER =
      "API clients that use refresh tokens for the client credentials grant cannot be saved with"
          + " a token expiry longer than the realm's SSO Session Max (%s): raise it in Realm"
          + " settings → Sessions, or turn that option off on the client";

  private static final String BASIC = "basicAuthentication";
  private static final String CEILING = "tokenLifespanCeiling";
  private static final Set<String> FIELDS = Set.of(BASIC, CEILING);

  OrganisationSettingsResource(AdminRequest request) {
    super(request);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> read() {
    auth.realm().requireViewRealm();
    return view();
  }

  /** Validates both settings before changing either. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> update(byte[] body) {
    auth.realm().requireManageRealm();
    JsonFields request = fields(body, FIELDS);
    Boolean basic = request.bool(BASIC);
    String ceilingText = request.text(CEILING);
    if (basic == null && ceilingText == null) {
      throw OrganisationErrors.badRequest(
          String.format(
              OrganisationErrors.NOTHING_TO_CHANGE, "'" + BASIC + "', '" + CEILING + "'"));
    }
    LifespanDuration ceiling = null;
    if (ceilingText != null) {
      try {
        ceiling = LifespanCeiling.parse(ceilingText);
      } catch (IllegalArgumentException e) {
        throw OrganisationErrors.badRequest(e.getMessage());
      }
    }
    if (basic != null && BasicAuthSwitch.tillSteps(realm) == 0) {
      throw OrganisationErrors.badRequest(OrganisationErrors.NO_TILL_STEP);
    }

    // Before and after, for the organisation's audit trail (admin event details).
    Map<String, String> before = auditedValues();
    if (basic != null) {
      BasicAuthSwitch.set(realm, basic);
      OrganisationMeters.changed(session, realm, OrganisationMeters.Change.BASIC_AUTH_SWITCH);
    }
    if (ceiling != null) {
      try {
        LifespanCeiling.set(session, realm, ceiling);
        OrganisationMeters.changed(session, realm, OrganisationMeters.Change.LIFESPAN_CEILING);
      } catch (ClientPolicyException e) {
        throw OrganisationErrors.badRequest(
            e.getErrorDetail() != null ? e.getErrorDetail() : e.getMessage());
      }
    }
    Map<String, Object> view = view();
    event(OperationType.UPDATE, ResourceType.REALM, "organisation-settings").representation(view);
    auditedValues()
        .forEach(
            (field, after) -> {
              if (!after.equals(before.get(field))) {
                adminEvent.detail(field + ".before", before.get(field));
                adminEvent.detail(field + ".after", after);
              }
            });
    adminEvent.success();
    return view;
  }

  /** The settings an audit trail shows before and after a change. */
  private Map<String, String> auditedValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(BASIC, Boolean.toString(BasicAuthSwitch.enabled(realm)));
    values.put(
        CEILING,
        LifespanCeiling.of(session, realm).map(LifespanDuration::compact).orElse("not set"));
    return values;
  }

  private Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put(BASIC, BasicAuthSwitch.enabled(realm));
    view.put("tillLoginSteps", BasicAuthSwitch.tillSteps(realm));
    Optional<LifespanDuration> ceiling = LifespanCeiling.of(session, realm);
    List<String> warnings = new ArrayList<>();
    view.put("recommendedMaximum", LifespanCeiling.RECOMMENDED.compact());
    view.put("minimum", "1m");
    view.put("maximum", LifespanDuration.ceiling().compact());
    if (ceiling.isPresent()) {
      LifespanDuration value = ceiling.get();
      view.put(CEILING, value.compact());
      view.put("tokenLifespanCeilingSeconds", value.seconds());
      view.put("tokenLifespanCeilingText", value.toString());
      if (value.seconds() > LifespanCeiling.RECOMMENDED.seconds()) {
        warnings.add(ABOVE_RECOMMENDED);
      }
      long sessionMax = LifespanCeiling.longestSessionMax(realm);
      if (sessionMax > 0 && sessionMax < value.seconds()) {
        warnings.add(String.format(SESSION_SHORTER, LifespanDuration.compact(sessionMax)));
      }
      view.put(
          "apiClientsAboveCeiling",
          LifespanCeiling.clientsAbove(realm, value).stream()
              .map(OrganisationSettingsResource::clamped)
              .toList());
    } else {
      view.put("apiClientsAboveCeiling", List.of());
    }
    view.put("warnings", warnings);
    return view;
  }

  private static Map<String, Object> clamped(ClientModel client) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("clientKey", client.getClientId());
    item.put("name", client.getName());
    item.put(
        "tokenExpiry",
        LifespanCeiling.describeClientLifespan(
            client.getAttribute(LifespanCeiling.CLIENT_LIFESPAN)));
    return item;
  }
}
