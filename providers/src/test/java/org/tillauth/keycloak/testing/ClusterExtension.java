package org.tillauth.keycloak.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One two-node cluster per test run, shared by every {@link ClusterIT} class: started on first use,
 * stopped (and its database dropped) when JUnit closes the root store. Without PostgreSQL the
 * classes are reported as skipped with the reason, except under {@code CI=true}, where that is a
 * failure.
 */
public final class ClusterExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ClusterExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> unreachable = PostgresDatabase.unreachable();
    if (unreachable.isEmpty()) {
      return ConditionEvaluationResult.enabled("PostgreSQL reachable");
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      // Enabled on purpose: beforeAll then fails with the reason instead of a silent skip.
      return ConditionEvaluationResult.enabled("CI=true: the cluster suite must run");
    }
    return ConditionEvaluationResult.disabled(unreachable.get());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    PostgresDatabase.unreachable()
        .ifPresent(
            reason -> {
              throw new IllegalStateException(
                  "CI=true and the cluster suite cannot run: " + reason);
            });
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KeycloakCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static KeycloakCluster cluster(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            KeycloakCluster.class,
            key -> KeycloakCluster.start(TestSettings.fromSystemProperties()),
            KeycloakCluster.class);
  }
}
