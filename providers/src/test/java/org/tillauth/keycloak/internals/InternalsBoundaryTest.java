package org.tillauth.keycloak.internals;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keycloak's internals are used only in {@code internals/}: outside it, no class depends on a class
 * of the keycloak-services or keycloak-model-jpa JARs, RESTEasy or Quarkus (decided by the JAR the
 * class is loaded from, so a class moved between Keycloak's JARs is judged where it is now), except
 * the extension-point types below. A failure lists every offending dependency with its line.
 */
class InternalsBoundaryTest {

  /** Types of those JARs that Keycloak documents as the way to extend it, each with its reason. */
  static final Map<String, String> EXTENSION_POINTS =
      Map.ofEntries(
          // Admin REST extensions (server developer guide, "Add REST endpoints"): the admin realm
          // resource SPI hands its resource the evaluator, the event builder and the caller.
          reason(
              "org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider",
              "the admin REST extension SPI"),
          reason(
              "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
              "the admin REST extension SPI's factory"),
          reason(
              "org.keycloak.services.resources.admin.AdminEventBuilder",
              "handed to every AdminRealmResourceProvider to record admin events"),
          reason(
              "org.keycloak.services.resources.admin.AdminAuth",
              "the authenticated admin an AdminPermissionEvaluator is about"),
          reason(
              "org.keycloak.services.ErrorResponseException",
              "the JSON error Keycloak's REST resources and their extensions throw"),
          reason(
              "org.keycloak.services.ErrorResponse",
              "builds an ErrorResponseException (the same error model)"),
          // Protocol mappers (server developer guide, "Protocol mappers"): custom OIDC mappers
          // extend the abstract mapper and declare the token types they fill.
          reason(
              "org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper",
              "base class of custom OIDC protocol mappers"),
          reason(
              "org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper",
              "marks a mapper that fills the access token"),
          reason(
              "org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper",
              "marks a mapper that fills the ID token"),
          reason(
              "org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper",
              "marks a mapper that fills the userinfo answer"),
          reason(
              "org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper",
              "marks a mapper that fills the introspection answer"),
          reason(
              "org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper",
              "the mapper SPI's helper for the standard 'add to token' options"),
          // Authenticators (server developer guide, "Authentication SPI").
          reason(
              "org.keycloak.authentication.authenticators.client.AbstractClientAuthenticator",
              "base class of the ClientAuthenticatorFactory SPI that all client authenticators"
                  + " extend"),
          reason(
              "org.keycloak.authentication.authenticators.client.ClientAuthUtil",
              "the client authenticators' helper for Keycloak's error answer"),
          reason(
              "org.keycloak.authentication.authenticators.util.AuthenticatorUtils",
              "AuthenticationFlowContext helper for brute-force state"));

  /**
   * Packages of those JARs that are extension points as a whole: the client policy executor and
   * condition SPI (server administration guide, "Client Policies") with the event contexts that its
   * executors receive, and the fine-grained admin permission evaluators that {@code
   * AdminPermissionEvaluator} hands out.
   */
  static final Set<String> EXTENSION_PACKAGES =
      Set.of(
          "org.keycloak.services.clientpolicy",
          "org.keycloak.services.clientpolicy.context",
          "org.keycloak.services.clientpolicy.executor",
          "org.keycloak.services.clientpolicy.condition",
          "org.keycloak.services.resources.admin.fgap");

  private static Map.Entry<String, String> reason(String type, String why) {
    return Map.entry(type, why);
  }

  static boolean isInternal(JavaClass type) {
    return type.getSource()
        .map(source -> source.getUri().toString())
        .map(
            uri ->
                uri.contains("/keycloak-services-")
                    || uri.contains("/keycloak-model-jpa-")
                    || uri.contains("resteasy")
                    || uri.contains("quarkus"))
        .orElse(false);
  }

  static boolean isExtensionPoint(JavaClass type) {
    JavaClass outer = type;
    while (outer.getEnclosingClass().isPresent()) {
      outer = outer.getEnclosingClass().get();
    }
    return EXTENSION_POINTS.containsKey(outer.getName())
        || EXTENSION_PACKAGES.contains(type.getPackageName());
  }

  static final ArchCondition<JavaClass> NOT_USE_KEYCLOAK_INTERNALS =
      new ArchCondition<>(
          "use classes of keycloak-services, keycloak-model-jpa, RESTEasy or Quarkus only where"
              + " they are documented extension points") {
        @Override
        public void check(JavaClass origin, ConditionEvents events) {
          for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
            JavaClass target = dependency.getTargetClass().getBaseComponentType();
            if (!isInternal(target) || isExtensionPoint(target)) {
              continue;
            }
            events.add(
                SimpleConditionEvent.violated(
                    dependency,
                    dependency.getDescription()
                        + " [a Keycloak internal: move the use to internals/]"));
          }
        }
      };

  @Test
  void keycloakInternalsAreUsedOnlyInTheInternalsPackage() {
    JavaClasses imported =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.tillauth.keycloak");
    classes()
        .that()
        .resideOutsideOfPackage("org.tillauth.keycloak.internals..")
        .should(NOT_USE_KEYCLOAK_INTERNALS)
        .check(imported);
  }
}
