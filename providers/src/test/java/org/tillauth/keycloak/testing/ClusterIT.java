package org.tillauth.keycloak.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that runs against the shared two-node cluster on PostgreSQL ({@link
 * KeycloakCluster}). Such classes are named {@code *ClusterIT}: Failsafe runs them in their own
 * execution, after the single-node suite has stopped its server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("cluster")
@ExtendWith(ClusterExtension.class)
public @interface ClusterIT {}
