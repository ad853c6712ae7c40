package org.tillauth.keycloak.attribution;

import java.util.Map;
import java.util.Optional;
import org.keycloak.models.UserSessionModel;
import org.tillauth.keycloak.till.TillClaims;

/**
 * Keeps the attribution decided at token time in the user session, so that mappers re-run later
 * (refresh, and introspection or userinfo of tokens with a stored session) repeat it instead of
 * re-deciding from that later request's headers. A client-credentials user session belongs to one
 * token request of one client, so a user session note is scoped exactly right; Keycloak also copies
 * user session notes when it derives a transient session from a stored one.
 *
 * <p>The notes hold {@link Attribution#claims()}, one note per claim; the note names predate this
 * and are kept so that sessions stored by an earlier version still read.
 */
final class AttributionNotes {

  private static final String PREFIX = "tillauth.attribution.";
  private static final Map<String, String> NOTE_OF_CLAIM =
      Map.of(
          TillClaims.TILL_ATTRIBUTION, PREFIX + "source",
          TillClaims.TILL_CODE, PREFIX + "till",
          TillClaims.STORE_CODE, PREFIX + "store",
          TillClaims.DEFAULT_TILL, PREFIX + "default");

  private AttributionNotes() {}

  static void save(UserSessionModel userSession, Attribution attribution) {
    Map<String, String> claims = attribution.claims();
    NOTE_OF_CLAIM.forEach(
        (claim, note) -> {
          String value = claims.get(claim);
          if (value == null) {
            userSession.removeNote(note);
          } else {
            userSession.setNote(note, value);
          }
        });
  }

  static Optional<Attribution> load(UserSessionModel userSession) {
    return Attribution.fromClaims(
        claim -> {
          String note = NOTE_OF_CLAIM.get(claim);
          return note == null ? null : userSession.getNote(note);
        });
  }
}
