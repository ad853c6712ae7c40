package org.tillauth.keycloak.lifespan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * The organisation's token lifespan ceiling for API clients: the smallest maximum of the {@code
 * token-lifespan-limit} executors in the profiles of enabled client policies that select API
 * clients (a {@code service-account-client} condition). Profiles of other policies (the tills'
 * {@code till-token-lifespan}) are not the API clients' ceiling. Read for display and changed here;
 * the executor itself enforces the limit.
 */
public final class LifespanCeiling {

  /** Name of the profile and policy created when a realm has none for API clients. */
  public static final String PROFILE = "api-client-token-lifespan";

  /** The platform's advice: longer API-client tokens are "not recommended for security reasons". */
  public static final LifespanDuration RECOMMENDED = LifespanDuration.DEFAULT;

  /**
   * The client attribute behind the console's Access Token Lifespan: whole seconds, {@code -1} for
   * "until the SSO Session Max", blank for the realm's default.
   */
  public static final String CLIENT_LIFESPAN = "access.token.lifespan";

  private static final String NEGATIVE_LOGIC = "is_negative_logic";

  private LifespanCeiling() {}

  public static Optional<LifespanDuration> of(KeycloakSession session, RealmModel realm) {
    try {
      return smallestLimit(session, realm, apiClientProfiles(session, realm)::contains);
    } catch (ClientPolicyException e) {
      return Optional.empty();
    }
  }

  /**
   * The ceiling API clients are held to: the realm's ({@link #of}); where no enabled policy applies
   * one, the one {@link #ensure} will put in place: a leftover {@value #PROFILE} profile's, else
   * {@link #RECOMMENDED}.
   */
  public static LifespanDuration effective(KeycloakSession session, RealmModel realm) {
    return of(session, realm).orElseGet(() -> leftover(session, realm).orElse(RECOMMENDED));
  }

  /**
   * Puts the API clients under the {@link #effective} ceiling where no enabled policy applies one.
   * Registering or changing an API client calls this first, so that no realm holds API clients
   * whose tokens and saves nothing limits.
   */
  public static void ensure(KeycloakSession session, RealmModel realm)
      throws ClientPolicyException {
    if (of(session, realm).isEmpty()) {
      set(session, realm, effective(session, realm));
    }
  }

  private static Optional<LifespanDuration> leftover(KeycloakSession session, RealmModel realm) {
    try {
      return smallestLimit(session, realm, PROFILE::equals);
    } catch (ClientPolicyException e) {
      return Optional.empty();
    }
  }

  /** The smallest maximum of the limit executors in the realm's profiles with these names. */
  private static Optional<LifespanDuration> smallestLimit(
      KeycloakSession session, RealmModel realm, Predicate<String> profileName)
      throws ClientPolicyException {
    ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, false);
    if (profiles == null || profiles.getProfiles() == null) {
      return Optional.empty();
    }
    return profiles.getProfiles().stream()
        .filter(p -> profileName.test(p.getName()) && p.getExecutors() != null)
        .flatMap(p -> p.getExecutors().stream())
        .filter(LifespanCeiling::isLimit)
        .map(e -> maximum(e.getConfiguration()))
        .filter(Objects::nonNull)
        .min(Comparator.comparingLong(LifespanDuration::seconds));
  }

  /**
   * Parses and range-checks a new ceiling ({@code 1m} … {@code 30d}) without saving anything.
   *
   * @throws IllegalArgumentException with the administrator's message
   */
  public static LifespanDuration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(LifespanDuration.NOT_A_DURATION);
    }
    return LifespanDuration.parseMaximum(text);
  }

  /**
   * Sets the maximum of every limit executor in the API clients' profiles; a realm without one gets
   * profile and policy {@value #PROFILE} (condition {@code service-account-client}); the demo realm
   * ships the same profile, applied by its policy {@code api-clients}. Saved through Keycloak's
   * client policy manager, which validates again.
   */
  public static void set(KeycloakSession session, RealmModel realm, LifespanDuration ceiling)
      throws ClientPolicyException {
    ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, false);
    if (profiles.getProfiles() == null) {
      profiles.setProfiles(new ArrayList<>());
    }
    Set<String> names = apiClientProfiles(session, realm);
    boolean found = false;
    for (ClientProfileRepresentation profile : profiles.getProfiles()) {
      if (!names.contains(profile.getName()) || profile.getExecutors() == null) {
        continue;
      }
      for (ClientPolicyExecutorRepresentation executor : profile.getExecutors()) {
        if (isLimit(executor)) {
          executor.setConfiguration(configuration(ceiling));
          found = true;
        }
      }
    }
    if (found) {
      session.clientPolicy().updateClientProfiles(realm, profiles);
      return;
    }
    ClientProfileRepresentation profile =
        profiles.getProfiles().stream()
            .filter(p -> PROFILE.equals(p.getName()))
            .findFirst()
            .orElseGet(
                () -> {
                  ClientProfileRepresentation created = new ClientProfileRepresentation();
                  created.setName(PROFILE);
                  created.setDescription(
                      "Caps the access token lifespan of API clients (organisation ceiling; at"
                          + " most 30 days)");
                  created.setExecutors(new ArrayList<>());
                  profiles.getProfiles().add(created);
                  return created;
                });
    if (profile.getExecutors() == null) {
      profile.setExecutors(new ArrayList<>());
    }
    // A profile left over from a disabled policy keeps its limit executor, now with this ceiling: a
    // second one next to it would keep the old maximum in force (the smallest wins).
    List<ClientPolicyExecutorRepresentation> limits =
        profile.getExecutors().stream().filter(LifespanCeiling::isLimit).toList();
    if (limits.isEmpty()) {
      ClientPolicyExecutorRepresentation limit = new ClientPolicyExecutorRepresentation();
      limit.setExecutorProviderId(TokenLifespanLimitExecutorFactory.PROVIDER_ID);
      profile.getExecutors().add(limit);
      limits = List.of(limit);
    }
    limits.forEach(limit -> limit.setConfiguration(configuration(ceiling)));
    session.clientPolicy().updateClientProfiles(realm, profiles);

    ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, false);
    if (policies.getPolicies() == null) {
      policies.setPolicies(new ArrayList<>());
    }
    ClientPolicyConditionRepresentation condition = new ClientPolicyConditionRepresentation();
    condition.setConditionProviderId(ServiceAccountClientConditionFactory.PROVIDER_ID);
    condition.setConfiguration(JsonNodeFactory.instance.objectNode());
    ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
    policy.setName(uniquePolicyName(policies));
    policy.setDescription("API clients (confidential, service account enabled)");
    policy.setEnabled(true);
    policy.setConditions(new ArrayList<>(List.of(condition)));
    policy.setProfiles(new ArrayList<>(List.of(profile.getName())));
    policies.getPolicies().add(policy);
    session.clientPolicy().updateClientPolicies(realm, policies);
  }

  /**
   * The realm's API clients whose own Access Token Lifespan is above the ceiling: saving them again
   * is refused until lowered, and their tokens are shortened to the ceiling when issued.
   */
  public static List<ClientModel> clientsAbove(RealmModel realm, LifespanDuration ceiling) {
    long longest = longestSessionMax(realm);
    return realm
        .getClientsStream()
        .filter(ServiceAccountClients::isServiceAccountClient)
        .filter(
            c ->
                ClientLifespanRule.violation(c.getAttribute(CLIENT_LIFESPAN), longest, ceiling)
                    .isPresent())
        .sorted(Comparator.comparing(ClientModel::getClientId))
        .toList();
  }

  private static Set<String> apiClientProfiles(KeycloakSession session, RealmModel realm)
      throws ClientPolicyException {
    ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, false);
    if (policies == null || policies.getPolicies() == null) {
      return Set.of();
    }
    return policies.getPolicies().stream()
        .filter(p -> Boolean.TRUE.equals(p.isEnabled()))
        .filter(LifespanCeiling::selectsApiClients)
        .filter(p -> p.getProfiles() != null)
        .flatMap(p -> p.getProfiles().stream())
        .collect(Collectors.toSet());
  }

  private static boolean selectsApiClients(ClientPolicyRepresentation policy) {
    return policy.getConditions() != null
        && policy.getConditions().stream()
            .anyMatch(
                c ->
                    ServiceAccountClientConditionFactory.PROVIDER_ID.equals(
                            c.getConditionProviderId())
                        && (c.getConfiguration() == null
                            || !c.getConfiguration().path(NEGATIVE_LOGIC).asBoolean(false)));
  }

  private static boolean isLimit(ClientPolicyExecutorRepresentation executor) {
    return TokenLifespanLimitExecutorFactory.PROVIDER_ID.equals(executor.getExecutorProviderId());
  }

  private static JsonNode configuration(LifespanDuration ceiling) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(TokenLifespanLimitExecutorFactory.MAXIMUM, ceiling.compact());
    return node;
  }

  private static String uniquePolicyName(ClientPoliciesRepresentation policies) {
    String name = PROFILE;
    for (int i = 2; exists(policies, name); i++) {
      name = PROFILE + "-" + i;
    }
    return name;
  }

  private static boolean exists(ClientPoliciesRepresentation policies, String name) {
    return policies.getPolicies().stream().anyMatch(p -> name.equals(p.getName()));
  }

  private static LifespanDuration maximum(JsonNode configuration) {
    String text =
        configuration == null
            ? null
            : configuration.path(TokenLifespanLimitExecutorFactory.MAXIMUM).asText(null);
    try {
      return LifespanDuration.parseMaximum(text);
    } catch (IllegalArgumentException e) {
      return LifespanDuration.DEFAULT;
    }
  }

  /**
   * The longest a session of the realm can last, which is what a client lifespan of {@code -1} can
   * mean: the SSO Session Max, or its remember-me variant when remember-me is on and it is longer
   * (0 or less: unlimited). Null realm: 0.
   */
  public static long longestSessionMax(RealmModel realm) {
    if (realm == null) {
      return 0;
    }
    long max = realm.getSsoSessionMaxLifespan();
    if (realm.isRememberMe() && realm.getSsoSessionMaxLifespanRememberMe() > max) {
      max = realm.getSsoSessionMaxLifespanRememberMe();
    }
    return max;
  }

  /**
   * A client's own lifespan ({@link #CLIENT_LIFESPAN}) as an administrator reads it: its seconds in
   * the largest whole unit ({@code 2h}), "until SSO Session Max" for {@code -1}, anything else as
   * stored (null when unset).
   */
  public static String describeClientLifespan(String attribute) {
    if (attribute != null && ClientLifespanRule.SECONDS.matcher(attribute).matches()) {
      return LifespanDuration.compact(Long.parseLong(attribute));
    }
    if (ClientLifespanRule.UNTIL_SESSION_MAX.equals(attribute)) {
      return "until SSO Session Max";
    }
    return attribute;
  }
}
