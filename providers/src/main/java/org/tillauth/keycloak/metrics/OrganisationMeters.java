package org.tillauth.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Changes to an organisation, counted once their transaction commits (a refused or rolled-back
 * change counts nothing), and bulk-import rows.
 *
 * <ul>
 *   <li>{@code tillauth_organisation_changes_total{realm, change}}: {@link Change}.
 *   <li>{@code tillauth_import_rows_total{realm, outcome}}: rows of bulk imports (stores and tills)
 *       by {@link ImportRow}; {@code failed} rows are the report's errors.
 * </ul>
 */
public final class OrganisationMeters {

  static final String CHANGES = Meters.PREFIX + "organisation.changes";
  static final String IMPORT_ROWS = Meters.PREFIX + "import.rows";
  static final String CHANGE = "change";

  /** What changed. */
  public enum Change {
    /** "Enable basic authentication" set (on or off). */
    BASIC_AUTH_SWITCH,
    /** The token lifespan ceiling set. */
    LIFESPAN_CEILING,
    API_CLIENT_REGISTERED,
    API_CLIENT_DELETED,
    API_CLIENT_SECRET_REGENERATED,
    STORE_ADDED,
    STORE_DELETED,
    TILL_ADDED,
    TILL_DELETED
  }

  /** What became of an imported row. */
  public enum ImportRow {
    CREATED,
    UPDATED,
    UNCHANGED,
    /** Could not be written (the job's report lists it). */
    FAILED,
    /** In a file refused as a whole before anything was written (the 400's errors). */
    INVALID
  }

  private static final Meter.MeterProvider<Counter> CHANGE_COUNTER =
      Counter.builder(CHANGES)
          .description("Committed organisation changes, by kind")
          .withRegistry(Meters.registry());

  private static final Meter.MeterProvider<Counter> ROW_COUNTER =
      Counter.builder(IMPORT_ROWS)
          .description("Bulk import rows, by outcome")
          .withRegistry(Meters.registry());

  private OrganisationMeters() {}

  /** Counts the change when the session's transaction commits. */
  public static void changed(KeycloakSession session, RealmModel realm, Change change) {
    String name = Meters.realm(realm);
    Meters.safely(
        () ->
            session
                .getTransactionManager()
                .enlistAfterCompletion(
                    new AbstractKeycloakTransaction() {
                      @Override
                      protected void commitImpl() {
                        Meters.safely(
                            () ->
                                CHANGE_COUNTER
                                    .withTags(Meters.REALM, name, CHANGE, Meters.tag(change))
                                    .increment());
                      }

                      @Override
                      protected void rollbackImpl() {}
                    }));
  }

  /** Counts {@code rows} imported rows (written in a transaction that committed, or failed). */
  public static void imported(String realmName, ImportRow outcome, int rows) {
    if (rows <= 0) {
      return;
    }
    Meters.safely(
        () ->
            ROW_COUNTER
                .withTags(
                    Meters.REALM,
                    realmName == null ? "" : realmName,
                    Meters.OUTCOME,
                    Meters.tag(outcome))
                .increment(rows));
  }
}
