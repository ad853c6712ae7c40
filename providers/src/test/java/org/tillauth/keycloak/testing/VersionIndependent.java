package org.tillauth.keycloak.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks an integration test (class or method) whose outcome does not depend on the Keycloak
 * version: exhaustive input tables and contract cases of the extension's own code, fuzz cases, the
 * page in Chromium, docs, benchmark smoke. It runs on the default distribution only; {@code
 * .ci/matrix} excludes the tag {@value #TAG} on the other tested versions. Every surface such a
 * test covers keeps at least one untagged case that runs on every version (docs/testing.md).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(VersionIndependent.TAG)
public @interface VersionIndependent {
  String TAG = "version-independent";
}
