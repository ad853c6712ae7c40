/**
 * Everything that touches Keycloak's internals: classes of the keycloak-services and
 * keycloak-model-jpa JARs that are not extension points, and the RESTEasy / Quarkus classes of its
 * HTTP stack. Each class names what it mirrors and since which Keycloak version; the rest of the
 * extension uses only Keycloak's SPIs and the documented extension points listed in {@code
 * InternalsBoundaryTest}, which fails with the offending dependencies when a class outside this
 * package uses an internal.
 *
 * <ul>
 *   <li>{@link org.tillauth.keycloak.internals.Boundary}: every public entry runs through it; a
 *       {@code LinkageError} (an upgrade removed or changed what is mirrored) is logged at ERROR
 *       with the piece and the running version and becomes an {@code
 *       IncompatibleKeycloakException}, which the endpoints answer as a server error in their
 *       format.
 *   <li>{@link org.tillauth.keycloak.internals.TokenEndpointGrant} and {@link
 *       org.tillauth.keycloak.internals.ClientSecretPostRequest}: the JSON token endpoint runs
 *       Keycloak's {@code TokenEndpoint} with an {@code HttpRequest} of its own.
 *   <li>{@link org.tillauth.keycloak.internals.KeycloakApiBridge}: brute-force callbacks whose
 *       signature changed in 26.6 (reflection), the bearer token check, the non-blocking protector.
 *   <li>{@link org.tillauth.keycloak.internals.PresentedClientSecret}: the copy of Keycloak's
 *       client-secret credential reading (Keycloak has no helper for it).
 *   <li>{@link org.tillauth.keycloak.internals.TokenResponses}: the closed list of the seven
 *       token-response client-policy contexts.
 *   <li>{@link org.tillauth.keycloak.internals.ClientSessionContexts}: Keycloak's client session
 *       context implementation.
 *   <li>{@link org.tillauth.keycloak.internals.MalformedFormBodies} with its two server-wide
 *       exception mappers: RESTEasy's form parser recognised by its class names in stack frames.
 *   <li>{@link org.tillauth.keycloak.internals.KeycloakClientAdmin}: the API clients' create,
 *       update and delete through Keycloak's own {@code ClientsResource} / {@code ClientResource}.
 *   <li>{@link org.tillauth.keycloak.internals.KeycloakRealmImport}: onboarding creates an
 *       organisation's realm with Keycloak's {@code RealmManager}.
 *   <li>{@code jpa/}: the organisation's lists read from Keycloak's JPA entities.
 * </ul>
 */
package org.tillauth.keycloak.internals;
