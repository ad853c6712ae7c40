package org.tillauth.keycloak.testing;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

/**
 * A PKCE pair (RFC 7636): a random verifier and its S256 challenge, as a public client makes them.
 * The values come from Nimbus oauth2-oidc-sdk, so the tests do not check Keycloak's PKCE against a
 * challenge computation of their own.
 */
public record Pkce(String verifier, String challenge) {

  public static Pkce s256() {
    CodeVerifier verifier = new CodeVerifier();
    return new Pkce(verifier.getValue(), challengeOf(verifier.getValue()));
  }

  public static String challengeOf(String verifier) {
    return CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue();
  }

  /** A random value for state / nonce. */
  public static String randomToken() {
    return new State().getValue();
  }
}
