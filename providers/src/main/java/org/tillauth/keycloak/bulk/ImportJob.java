package org.tillauth.keycloak.bulk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An import's progress and report, as the job-status endpoint answers it. Saved after every batch
 * ({@link ImportJobs}); {@code updatedAt} is the heartbeat by which a reader tells a running job
 * from one whose node stopped.
 */
final class ImportJob {

  /** Report lines kept per job: enough to fix a file, small enough for one cache entry. */
  static final int MAX_ERRORS = 1000;

  enum Status {
    /** A dry run: the file is valid, nothing was written. */
    VALIDATED,
    RUNNING,
    DONE,
    FAILED,
    INTERRUPTED;

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  String id;
  String realmId;
  String kind;
  Status status = Status.RUNNING;
  int rows;
  int toWrite;
  int created;
  int updated;
  int unchanged;
  int failed;

  /** Rows of {@code toWrite} done, whatever their outcome: what the progress counts. */
  int processed;

  long startedAt;
  long updatedAt;
  Long finishedAt;
  String message;
  final List<RowError> errors = new ArrayList<>();

  void addError(RowError error) {
    failed++;
    processed++;
    if (errors.size() < MAX_ERRORS) {
      errors.add(error);
    }
  }

  /** The answer: what the file held, what was done so far, and what went wrong where. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("kind", kind);
    json.put("status", status.json());
    json.put("rows", rows);
    json.put("toWrite", toWrite);
    json.put("written", created + updated);
    json.put("created", created);
    json.put("updated", updated);
    json.put("unchanged", unchanged);
    json.put("failed", failed);
    json.put("processed", processed);
    json.put(
        "progress", toWrite == 0 ? 100 : (int) (Math.min(processed, toWrite) * 100L / toWrite));
    json.put("startedAt", startedAt);
    json.put("updatedAt", updatedAt);
    json.put("finishedAt", finishedAt);
    json.put("message", message);
    json.put("errors", errors.stream().map(RowError::toJson).toList());
    return json;
  }

  static ImportJob fromJson(Map<String, Object> json) {
    ImportJob job = new ImportJob();
    job.id = (String) json.get("id");
    job.realmId = (String) json.get("realmId");
    job.kind = (String) json.get("kind");
    job.status = Status.valueOf(((String) json.get("status")).toUpperCase(java.util.Locale.ROOT));
    job.rows = number(json, "rows");
    job.toWrite = number(json, "toWrite");
    job.created = number(json, "created");
    job.updated = number(json, "updated");
    job.unchanged = number(json, "unchanged");
    job.failed = number(json, "failed");
    job.processed = number(json, "processed");
    job.startedAt = ((Number) json.get("startedAt")).longValue();
    job.updatedAt = ((Number) json.get("updatedAt")).longValue();
    job.finishedAt =
        json.get("finishedAt") == null ? null : ((Number) json.get("finishedAt")).longValue();
    job.message = (String) json.get("message");
    Object errors = json.get("errors");
    if (errors instanceof List<?> list) {
      for (Object e : list) {
        if (e instanceof Map<?, ?> m) {
          job.errors.add(
              new RowError(
                  ((Number) m.get("row")).intValue(),
                  (String) m.get("code"),
                  (String) m.get("error")));
        }
      }
    }
    return job;
  }

  /** What is saved: the answer plus the realm the job belongs to. */
  Map<String, Object> toStored() {
    Map<String, Object> stored = toJson();
    stored.put("realmId", realmId);
    return stored;
  }

  private static int number(Map<String, Object> json, String field) {
    Object value = json.get(field);
    return value == null ? 0 : ((Number) value).intValue();
  }
}
