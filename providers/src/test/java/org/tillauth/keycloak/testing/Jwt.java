package org.tillauth.keycloak.testing;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;

/** Decodes a JWT's claims (signature checks live in the tests that need them). */
public final class Jwt {

  private Jwt() {}

  public static Map<String, Object> claims(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().toJSONObject();
    } catch (ParseException e) {
      throw new AssertionError("Not a JWT: " + token, e);
    }
  }
}
