package org.tillauth.keycloak.customer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.tillauth.keycloak.testing.AdminApi;
import org.tillauth.keycloak.testing.AuthorizationCodeClient;
import org.tillauth.keycloak.testing.Http;
import org.tillauth.keycloak.testing.RealmFixtures;

/** The customer apps of realm-export/demo-org-realm.json and the login theme's texts. */
final class CustomerApps {

  static final String REALM = "demo-org";
  static final String WEB = "customer-web";
  static final String MOBILE = "customer-mobile";
  static final String WEB_REDIRECT = "http://localhost:3000/callback";
  static final String MOBILE_REDIRECT = "com.example.loyalty:/oauth2redirect";
  static final String MARKER_ATTRIBUTE = "tillauth.customer.app";
  static final String FLOW_ALIAS = "customer browser";

  /** Documented demo credentials (docs/customer-apps.md). */
  static final String CUSTOMER = "jane.doe";

  static final String CUSTOMER_PASSWORD = "JaneRewards1";
  static final String CUSTOMER_EMAIL = "jane.doe@customers.demo-org.example";

  static final String THEME = "till-auth";

  private CustomerApps() {}

  static AuthorizationCodeClient web(Http http) {
    return new AuthorizationCodeClient(http, REALM, WEB, WEB_REDIRECT);
  }

  static AuthorizationCodeClient mobile(Http http) {
    return new AuthorizationCodeClient(http, REALM, MOBILE, MOBILE_REDIRECT);
  }

  /** Creates a customer (complete profile, no roles) and returns its id. */
  static String createCustomer(AdminApi admin, String username, String password) {
    return new RealmFixtures(admin, REALM, "customer")
        .user(username, password, true, List.of(), List.of());
  }

  /**
   * Creates a till (realm role {@code till}, complete profile) and returns its id. Tests use their
   * own tills so the demo tills' brute-force counters stay untouched for the till-login tests that
   * share the server.
   */
  static String createTill(AdminApi admin, String username, String password) {
    return new RealmFixtures(admin, REALM, "customer")
        .user(username, password, true, List.of("till"), List.of());
  }

  static void deleteUser(AdminApi admin, String id) {
    admin.delete("/admin/realms/" + REALM + "/users/" + id);
  }

  /** A text of the theme's messages bundle (packaged from themes/ into the JAR), formatted. */
  static String message(String key) {
    Properties messages = new Properties();
    String path = "/theme/" + THEME + "/login/messages/messages_en.properties";
    try (InputStream in = CustomerApps.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new AssertionError("Not on the classpath: " + path);
      }
      messages.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String pattern = messages.getProperty(key);
    if (pattern == null) {
      throw new AssertionError("No message '" + key + "' in " + path);
    }
    return new MessageFormat(pattern, Locale.ENGLISH).format(new Object[0]);
  }
}
