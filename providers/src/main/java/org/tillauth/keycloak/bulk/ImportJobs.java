package org.tillauth.keycloak.bulk;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.util.JsonSerialization;

/**
 * Where imports keep their status: Keycloak's single-use object store (the {@code actionTokens}
 * cache, replicated to every node of a cluster), for a day. The rows themselves stay with the node
 * that runs the import; a job whose heartbeat is older than {@link #STALE_MILLIS} lost its node and
 * reads as interrupted: everything it wrote is complete, and running the same file again imports
 * the rest (rows already there are unchanged).
 */
final class ImportJobs {

  static final long LIFESPAN_SECONDS = 24 * 3600;

  /** A batch saves the job at least every few seconds; 30 s of silence means its node is gone. */
  static final long STALE_MILLIS = 30_000;

  static final String INTERRUPTED =
      "The import stopped before its end: the Keycloak node running it stopped. Every till or"
          + " store it wrote is complete. Upload the same file again: rows already imported are"
          + " left unchanged and the rest is imported.";

  private static final String PREFIX = "till-auth-import:";
  private static final String NOTE = "job";

  private ImportJobs() {}

  static void save(KeycloakSession session, ImportJob job) {
    String json;
    try {
      json = JsonSerialization.writeValueAsString(job.toStored());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise import job", e);
    }
    // put, not replace: Keycloak's replace drops the entry's lifespan. Written when the session's
    // transaction commits.
    session.singleUseObjects().put(PREFIX + job.id, LIFESPAN_SECONDS, Map.of(NOTE, json));
  }

  /** The job of this realm with this id, with a stale running job read as interrupted. */
  @SuppressWarnings("unchecked")
  static Optional<ImportJob> find(KeycloakSession session, String realmId, String id, long now) {
    if (id == null || !id.matches("[0-9a-f-]{36}")) {
      return Optional.empty();
    }
    Map<String, String> notes = session.singleUseObjects().get(PREFIX + id);
    if (notes == null || notes.get(NOTE) == null) {
      return Optional.empty();
    }
    ImportJob job;
    try {
      job = ImportJob.fromJson(JsonSerialization.readValue(notes.get(NOTE), Map.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (!realmId.equals(job.realmId)) {
      return Optional.empty();
    }
    if (job.status == ImportJob.Status.RUNNING && now - job.updatedAt > STALE_MILLIS) {
      job.status = ImportJob.Status.INTERRUPTED;
      job.message = INTERRUPTED;
    }
    return Optional.of(job);
  }
}
