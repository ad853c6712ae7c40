package org.tillauth.keycloak.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Keycloak per test run, shared by every test class: started on first use, stopped when JUnit
 * closes the root store at the end of the run. Injects {@link KeycloakServer}, {@link AdminApi} and
 * {@link Http} into test constructors, lifecycle methods and test methods.
 */
public final class KeycloakExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KeycloakExtension.class);

  /** Without a Docker engine the container variant is reported as skipped, never as passed. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if ("container".equals(TestSettings.fromSystemProperties().serverKind())
        && !ContainerKeycloakServer.dockerAvailable()) {
      return ConditionEvaluationResult.disabled(
          "keycloak.server=container needs a Docker engine and none answers here");
    }
    return ConditionEvaluationResult.enabled("Keycloak server available");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KeycloakServer.class || type == AdminApi.class || type == Http.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    Running running = server(context);
    if (type == KeycloakServer.class) {
      return running.server();
    }
    if (type == AdminApi.class) {
      return running.admin();
    }
    return running.http();
  }

  private static Running server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
  }

  /** Stored in the root store so JUnit closes it once, after the last test class. */
  record Running(KeycloakServer server, Http http, AdminApi admin) implements AutoCloseable {

    static Running start() {
      TestSettings settings = TestSettings.fromSystemProperties();
      KeycloakServer server =
          "container".equals(settings.serverKind())
              ? ContainerKeycloakServer.start(settings)
              : LocalKeycloakServer.start(settings);
      Http http = new Http(server.baseUrl());
      return new Running(server, http, new AdminApi(http));
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
