package org.tillauth.keycloak.tokenjson;

/** The platform's token request body: the client id ({@code key}) and its secret. */
record TokenRequest(String key, String secret) {

  @Override
  public String toString() {
    return "TokenRequest[key=" + key + ", secret=***]";
  }
}
