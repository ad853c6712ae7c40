package org.tillauth.keycloak.attribution;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.tillauth.keycloak.internals.jpa.FreshReads;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.support.MapperConfigErrors;
import org.tillauth.keycloak.till.Till;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * What {@link TillAttributionMapper} refuses when it is saved through the protocol-mapper
 * endpoints: anything the database would refuse, a default till that is not an enabled till of the
 * realm in one store written as its own code, and the header settings {@link
 * TillAttributionConfig#problem} names.
 */
final class TillAttributionSaveCheck {

  static final String DEFAULT_TILL_REQUIRED = "Default till code is required";
  static final String DEFAULT_TILL_INVALID =
      "Default till code \"%s\" is not an enabled till of realm %s";
  static final String DEFAULT_TILL_IN_SEVERAL_STORES =
      "Default till code \"%s\" is in more than one store";
  static final String DEFAULT_TILL_NOT_CANONICAL =
      "Default till code \"%s\" must be written exactly as the till code \"%s\"";

  private TillAttributionSaveCheck() {}

  static void check(KeycloakSession session, RealmModel realm, ProtocolMapperModel mapperModel)
      throws ProtocolMapperConfigException {
    MapperConfigErrors.checkStorable(mapperModel);
    TillAttributionConfig config = TillAttributionConfig.from(mapperModel.getConfig());
    if (config.defaultTill() == null || config.defaultTill().isEmpty()) {
      throw MapperConfigErrors.invalid(DEFAULT_TILL_REQUIRED);
    }
    Optional<Till> defaultTill = TillDirectory.find(session, realm, config.defaultTill());
    if (defaultTill.isEmpty()) {
      throw MapperConfigErrors.invalid(
          String.format(
              DEFAULT_TILL_INVALID,
              MapperConfigErrors.shown(config.defaultTill()),
              MapperConfigErrors.shown(realm.getName())));
    }
    if (defaultTill.get().inSeveralStores()) {
      throw MapperConfigErrors.invalid(
          String.format(
              DEFAULT_TILL_IN_SEVERAL_STORES, MapperConfigErrors.shown(config.defaultTill())));
    }
    // Usernames are matched case-insensitively; the stored value becomes the default_till claim,
    // so it must be the till's own code, not a variant that merely finds it.
    String raw = mapperModel.getConfig().get(TillAttributionConfig.DEFAULT_TILL);
    if (!defaultTill.get().code().equals(raw)) {
      throw MapperConfigErrors.invalid(
          String.format(
              DEFAULT_TILL_NOT_CANONICAL,
              MapperConfigErrors.shown(raw),
              MapperConfigErrors.shown(defaultTill.get().code())));
    }
    Optional<String> problem = TillAttributionConfig.problem(mapperModel.getConfig(), config);
    if (problem.isPresent()) {
      throw MapperConfigErrors.invalid(problem.get());
    }
  }

  /**
   * The default-till check of {@link #check} again, in the database: the till's user row is taken
   * shared first (see {@link RowLocks#userNamed}), so a till being disabled or deleted at the same
   * moment either finished first and is seen here, or waits and then sees this client.
   */
  static void checkStored(
      KeycloakSession session, RealmModel realm, ProtocolMapperModel mapperModel)
      throws ProtocolMapperConfigException {
    String code = TillAttributionConfig.from(mapperModel.getConfig()).defaultTill();
    String userId =
        code == null || code.isEmpty() ? null : RowLocks.userNamed(session, realm, code);
    if (userId == null || !FreshReads.userEnabled(session, userId).orElse(false)) {
      throw MapperConfigErrors.invalid(
          String.format(
              DEFAULT_TILL_INVALID,
              MapperConfigErrors.shown(code),
              MapperConfigErrors.shown(realm.getName())));
    }
  }
}
