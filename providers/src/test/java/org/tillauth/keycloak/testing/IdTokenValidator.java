package org.tillauth.keycloak.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.text.ParseException;
import java.util.Map;

/**
 * Validates an ID token the way a relying party must (OIDC Core 3.1.3.7), with Nimbus
 * oauth2-oidc-sdk's {@code IDTokenValidator}: RS256 signature against the realm's published JWKS,
 * issuer, audience, expiry and nonce. On top, what this realm promises its customer apps: the token
 * names the app as authorized party and carries the authentication time.
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
      IDTokenClaimsSet claims =
          new com.nimbusds.openid.connect.sdk.validators.IDTokenValidator(
                  new Issuer(issuer),
                  new ClientID(clientId),
                  JWSAlgorithm.RS256,
                  JWKSet.parse(certs.body()))
              .validate(SignedJWT.parse(idToken), new Nonce(nonce));
      if (claims.getAuthorizedParty() == null
          || !clientId.equals(claims.getAuthorizedParty().getValue())) {
        throw new AssertionError("azp is not " + clientId + ": " + claims.toJSONObject());
      }
      if (claims.getAuthenticationTime() == null) {
        throw new AssertionError("No auth_time: " + claims.toJSONObject());
      }
      return claims.toJWTClaimsSet();
    } catch (ParseException
        | BadJOSEException
        | JOSEException
        | com.nimbusds.oauth2.sdk.ParseException e) {
      throw new AssertionError("ID token rejected: " + e.getMessage() + "\n" + idToken, e);
    }
  }
}
