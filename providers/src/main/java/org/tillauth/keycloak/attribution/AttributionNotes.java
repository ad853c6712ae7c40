package org.tillauth.keycloak.attribution;

import java.util.Optional;
import org.keycloak.models.UserSessionModel;
import org.tillauth.keycloak.attribution.Attribution.Source;

/**
 * Keeps the attribution decided at token time in the user session, so that mappers re-run later
 * (refresh, and introspection or userinfo of tokens with a stored session) repeat it instead of
 * re-deciding from that later request's headers. A client-credentials user session belongs to one
 * token request of one client, so a user session note is scoped exactly right; Keycloak also copies
 * user session notes when it derives a transient session from a stored one.
 */
final class AttributionNotes {

  private static final String PREFIX = "tillauth.attribution.";
  private static final String SOURCE = PREFIX + "source";
  private static final String TILL = PREFIX + "till";
  private static final String STORE = PREFIX + "store";
  private static final String DEFAULT_TILL = PREFIX + "default";

  private AttributionNotes() {}

  static void save(UserSessionModel userSession, Attribution attribution) {
    userSession.setNote(SOURCE, attribution.source().claimValue());
    userSession.setNote(DEFAULT_TILL, attribution.defaultTill());
    attribution
        .tillCode()
        .ifPresentOrElse(t -> userSession.setNote(TILL, t), () -> userSession.removeNote(TILL));
    attribution
        .storeCode()
        .ifPresentOrElse(s -> userSession.setNote(STORE, s), () -> userSession.removeNote(STORE));
  }

  static Optional<Attribution> load(UserSessionModel userSession) {
    Optional<Source> source = Source.fromClaimValue(userSession.getNote(SOURCE));
    String defaultTill = userSession.getNote(DEFAULT_TILL);
    if (source.isEmpty() || defaultTill == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Attribution(
            source.get(),
            Optional.ofNullable(userSession.getNote(TILL)),
            Optional.ofNullable(userSession.getNote(STORE)),
            defaultTill));
  }
}
