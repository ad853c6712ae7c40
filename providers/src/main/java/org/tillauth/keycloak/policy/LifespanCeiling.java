package org.tillauth.keycloak.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * The organisation's token lifespan ceiling as configured: the smallest maximum of the {@code
 * token-lifespan-limit} executors in profiles of enabled client policies. For display only; the
 * executor itself enforces the limit.
 */
public final class LifespanCeiling {

  private LifespanCeiling() {}

  public static Optional<LifespanDuration> of(KeycloakSession session, RealmModel realm) {
    try {
      ClientPoliciesRepresentation policies =
          session.clientPolicy().getClientPolicies(realm, false);
      ClientProfilesRepresentation profiles =
          session.clientPolicy().getClientProfiles(realm, false);
      if (policies == null
          || policies.getPolicies() == null
          || profiles == null
          || profiles.getProfiles() == null) {
        return Optional.empty();
      }
      Set<String> active =
          policies.getPolicies().stream()
              .filter(p -> Boolean.TRUE.equals(p.isEnabled()))
              .filter(p -> p.getProfiles() != null)
              .flatMap(p -> p.getProfiles().stream())
              .collect(Collectors.toSet());
      return profiles.getProfiles().stream()
          .filter(p -> active.contains(p.getName()) && p.getExecutors() != null)
          .flatMap(p -> p.getExecutors().stream())
          .filter(
              e -> TokenLifespanLimitExecutorFactory.PROVIDER_ID.equals(e.getExecutorProviderId()))
          .map(e -> maximum(e.getConfiguration()))
          .filter(Objects::nonNull)
          .min(Comparator.comparingLong(LifespanDuration::seconds));
    } catch (ClientPolicyException e) {
      return Optional.empty();
    }
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
}
