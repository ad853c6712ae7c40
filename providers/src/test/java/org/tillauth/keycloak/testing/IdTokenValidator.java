package org.tillauth.keycloak.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;

/**
 * Validates an ID token the way a relying party must (OIDC Core 3.1.3.7): RS256 signature against
 * the realm's published JWKS, issuer, audience, authorized party, nonce, and exp/iat present.
 */
public final class IdTokenValidator {

  private IdTokenValidator() {}

  public static JWTClaimsSet validate(
      Http http, String realm, String idToken, String issuer, String clientId, String nonce) {
    Http.Result certs = http.get("/realms/" + realm + "/protocol/openid-connect/certs", Map.of());
    if (certs.status() != 200) {
      throw new AssertionError("JWKS: " + certs);
    }
    try {
      JWKSet jwks = JWKSet.parse(certs.body());
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(
          new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
      processor.setJWTClaimsSetVerifier(
          new DefaultJWTClaimsVerifier<>(
              clientId,
              new JWTClaimsSet.Builder()
                  .issuer(issuer)
                  .claim("azp", clientId)
                  .claim("nonce", nonce)
                  .build(),
              Set.of("sub", "iat", "exp", "auth_time")));
      return processor.process(idToken, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new AssertionError("ID token rejected: " + e.getMessage() + "\n" + idToken, e);
    }
  }
}
