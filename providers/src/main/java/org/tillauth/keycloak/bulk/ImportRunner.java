package org.tillauth.keycloak.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.utils.KeycloakSessionUtil;
import org.tillauth.keycloak.metrics.OrganisationMeters;

/**
 * Runs an import after its request: batches of rows, each batch in one transaction (a till is
 * written whole or not at all), the job saved after every batch. The expensive preparation of a
 * batch (Argon2 for tills) runs before its transaction, spread over the server's cores. When a
 * batch fails, its rows are retried one transaction each, so one bad row fails alone with its
 * reason in the report.
 */
final class ImportRunner<W, P> {

  /** A row that cannot be written, with the report's reason. */
  static final class RowFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowFailure(String message) {
      super(message, null, false, false);
    }
  }

  enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /** What the runner needs of an import kind. */
  interface Kind<W, P> {
    int row(W write);

    String code(W write);

    /**
     * What prepares a write off the write transaction: called once per batch, the function it
     * returns runs on several threads at once and must not touch the session.
     */
    Function<W, P> preparer(KeycloakSession session, RealmModel realm);

    Outcome apply(KeycloakSession session, RealmModel realm, W write, P prepared);
  }

  static final int BATCH = 50;

  /** Well inside {@link ImportJobs#STALE_MILLIS}, however long a batch takes. */
  static final long HEARTBEAT_SECONDS = 5;

  private static final String EXECUTOR = "till-auth-import";
  private static final String PREPARE_EXECUTOR = "till-auth-import-prepare";
  private static final Logger LOG = Logger.getLogger(ImportRunner.class);

  private final KeycloakSessionFactory factory;
  private final String realmId;
  private final ImportJob job;
  private final List<W> writes;
  private final Kind<W, P> kind;

  /** The realm's name for the meters, read with the realm (it may be renamed meanwhile). */
  private volatile String realmName;

  ImportRunner(
      KeycloakSessionFactory factory,
      String realmId,
      ImportJob job,
      List<W> writes,
      Kind<W, P> kind) {
    this.factory = factory;
    this.realmId = realmId;
    this.job = job;
    this.writes = writes;
    this.kind = kind;
  }

  /** Starts the job on Keycloak's managed executor; the request answers at once. */
  void start(KeycloakSession session) {
    session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR).execute(this::run);
  }

  void run() {
    try {
      for (int from = 0; from < writes.size(); from += BATCH) {
        batch(writes.subList(from, Math.min(writes.size(), from + BATCH)));
        heartbeat();
      }
      job.status = ImportJob.Status.DONE;
      job.message = summary();
    } catch (RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warnf(e, "Import %s in realm %s stopped", job.id, realmId);
      job.status = ImportJob.Status.FAILED;
      job.message =
          "The import stopped: "
              + e.getClass().getSimpleName()
              + ". Everything it wrote is complete; upload the same file again to import the rest.";
    }
    job.finishedAt = System.currentTimeMillis();
    job.updatedAt = job.finishedAt;
    meter();
    try {
      save();
    } catch (RuntimeException e) {
      LOG.warnf(e, "Could not save the end of import %s", job.id);
    }
  }

  private void batch(List<W> batch) throws InterruptedException {
    List<P> prepared = prepare(batch);
    int[] tally = new int[Outcome.values().length];
    try {
      KeycloakModelUtils.runJobInTransaction(
          factory,
          session -> {
            RealmModel realm = realm(session);
            for (int i = 0; i < batch.size(); i++) {
              tally[kind.apply(session, realm, batch.get(i), prepared.get(i)).ordinal()]++;
            }
          });
      count(tally);
    } catch (RuntimeException batchFailed) {
      // One transaction per row now, so that the rows that can be written are.
      for (int i = 0; i < batch.size(); i++) {
        W write = batch.get(i);
        P prep = prepared.get(i);
        int[] one = new int[Outcome.values().length];
        try {
          KeycloakModelUtils.runJobInTransaction(
              factory,
              session -> one[kind.apply(session, realm(session), write, prep).ordinal()]++);
          count(one);
        } catch (RowFailure f) {
          job.addError(new RowError(kind.row(write), kind.code(write), f.getMessage()));
        } catch (RuntimeException e) {
          LOG.debugf(e, "Import %s row %d", job.id, kind.row(write));
          job.addError(
              new RowError(
                  kind.row(write),
                  kind.code(write),
                  "Could not be written (" + e.getClass().getSimpleName() + "); try again"));
        }
      }
    }
  }

  private List<P> prepare(List<W> batch) throws InterruptedException {
    try (KeycloakSession session = factory.create()) {
      RealmModel realm = realm(session);
      ExecutorService pool =
          session.getProvider(ExecutorsProvider.class).getExecutor(PREPARE_EXECUTOR);
      Function<W, P> preparer = kind.preparer(session, realm);
      List<Future<P>> futures = new ArrayList<>(batch.size());
      for (W write : batch) {
        futures.add(pool.submit(() -> onOwnSession(() -> preparer.apply(write))));
      }
      List<P> prepared = new ArrayList<>(batch.size());
      for (Future<P> future : futures) {
        while (true) {
          try {
            prepared.add(future.get(HEARTBEAT_SECONDS, TimeUnit.SECONDS));
            break;
          } catch (TimeoutException e) {
            // A busy server can take longer than the stale limit to hash a batch: still alive.
            heartbeat();
          } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
          }
        }
      }
      return prepared;
    }
  }

  /**
   * Runs on a pool thread with a session of its own as the thread's current one: Keycloak's hash
   * providers look it up (for tracing) and log a warning per hash without one.
   */
  private <T> T onOwnSession(java.util.function.Supplier<T> task) {
    try (KeycloakSession own = factory.create()) {
      KeycloakSession previous = KeycloakSessionUtil.setKeycloakSession(own);
      try {
        return task.get();
      } finally {
        KeycloakSessionUtil.setKeycloakSession(previous);
      }
    }
  }

  private RealmModel realm(KeycloakSession session) {
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm == null) {
      throw new IllegalStateException("The realm was deleted");
    }
    session.getContext().setRealm(realm);
    realmName = realm.getName();
    return realm;
  }

  /** The job's rows, once it has ended (also when it stopped half way: what was written counts). */
  private void meter() {
    OrganisationMeters.imported(realmName, OrganisationMeters.ImportRow.CREATED, job.created);
    OrganisationMeters.imported(realmName, OrganisationMeters.ImportRow.UPDATED, job.updated);
    OrganisationMeters.imported(realmName, OrganisationMeters.ImportRow.UNCHANGED, job.unchanged);
    OrganisationMeters.imported(realmName, OrganisationMeters.ImportRow.FAILED, job.failed);
  }

  private void count(int[] tally) {
    for (int outcome : tally) {
      job.processed += outcome;
    }
    job.created += tally[Outcome.CREATED.ordinal()];
    job.updated += tally[Outcome.UPDATED.ordinal()];
    job.unchanged += tally[Outcome.UNCHANGED.ordinal()];
  }

  /** Saves the progress, which also tells readers the job's node is alive. */
  private void heartbeat() {
    job.updatedAt = System.currentTimeMillis();
    save();
  }

  private void save() {
    KeycloakModelUtils.runJobInTransaction(factory, session -> ImportJobs.save(session, job));
  }

  private String summary() {
    return String.format(
        "%d created, %d updated, %d unchanged, %d failed",
        job.created, job.updated, job.unchanged, job.failed);
  }
}
