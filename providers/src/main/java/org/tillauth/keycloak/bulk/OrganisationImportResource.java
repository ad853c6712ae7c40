package org.tillauth.keycloak.bulk;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.admin.AdminErrors;
import org.tillauth.keycloak.admin.AdminRequest;
import org.tillauth.keycloak.admin.AdminResource;
import org.tillauth.keycloak.metrics.OrganisationMeters;

/**
 * {@code /admin/realms/{realm}/organisation-import}: stores and tills from one CSV (or JSON) file.
 * The whole file is checked first; any bad row refuses the file with a per-row report and nothing
 * written. A valid file runs as a job ({@code 202}, {@code GET /organisation-import/{id}} for its
 * progress) so that a fleet's Argon2 hashing does not hold the request. Importing needs
 * manage-users, reading a job view-users, as for stores and tills themselves.
 */
public final class OrganisationImportResource extends AdminResource {

  static final String INVALID_ROWS = "%d of %d rows cannot be imported; nothing was imported";
  static final String NOTHING_TO_DO = "Nothing to change: every row is already in place";
  static final String VALID =
      "The file is valid: %d to write, %d already in place; nothing written";
  static final String JOB_NOT_FOUND =
      "Import not found: it finished more than a day ago, belongs to another organisation, or the"
          + " Keycloak server that ran it restarted (upload the file again: rows already imported"
          + " are left unchanged)";
  static final String BAD_DRY_RUN = "Query parameter 'dryRun' must be true or false";

  OrganisationImportResource(AdminRequest request) {
    super(request);
  }

  @POST
  @Path("tills")
  @Produces(MediaType.APPLICATION_JSON)
  public Response tills(byte[] body) {
    auth.users().requireManage();
    boolean dryRun = dryRun();
    return answer(
        "tills",
        ResourceType.USER,
        TillImport.plan(session, realm, rows(body, TillImport.COLUMNS, TillImport.REQUIRED)),
        dryRun,
        TillImport.KIND);
  }

  @POST
  @Path("stores")
  @Produces(MediaType.APPLICATION_JSON)
  public Response stores(byte[] body) {
    auth.users().requireManage();
    boolean dryRun = dryRun();
    return answer(
        "stores",
        ResourceType.GROUP,
        StoreImport.plan(session, realm, rows(body, StoreImport.COLUMNS, StoreImport.REQUIRED)),
        dryRun,
        StoreImport.KIND);
  }

  /** The job's progress and report; a job whose node stopped reads as interrupted. */
  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> job(@PathParam("id") String id) {
    auth.users().requireView();
    return ImportJobs.find(session, realm.getId(), id, System.currentTimeMillis())
        .map(ImportJob::toJson)
        .orElseThrow(() -> AdminErrors.notFound(JOB_NOT_FOUND));
  }

  private ImportFile.Rows rows(byte[] body, List<String> columns, List<String> required) {
    try {
      return ImportFile.read(body, contentType(), columns, required);
    } catch (ImportFile.InvalidFileException e) {
      throw AdminErrors.invalidRequest(e.getMessage(), e.status());
    }
  }

  private boolean dryRun() {
    List<String> values = session.getContext().getUri().getQueryParameters().get("dryRun");
    if (values == null || values.isEmpty()) {
      return false;
    }
    if (values.size() > 1 || !List.of("true", "false").contains(values.get(0))) {
      throw AdminErrors.badRequest(BAD_DRY_RUN);
    }
    return Boolean.parseBoolean(values.get(0));
  }

  private <W, P> Response answer(
      String kind,
      ResourceType resourceType,
      ImportPlan<W> plan,
      boolean dryRun,
      ImportRunner.Kind<W, P> runner) {
    int rows = plan.rows();
    List<W> writes = plan.writes();
    int unchanged = plan.unchanged();
    List<RowError> errors = plan.errors();
    if (!errors.isEmpty()) {
      if (!dryRun) {
        OrganisationMeters.imported(
            realm.getName(), OrganisationMeters.ImportRow.INVALID, errors.size());
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("error", OAuthErrorException.INVALID_REQUEST);
      report.put("error_description", String.format(INVALID_ROWS, errors.size(), rows));
      report.put("rows", rows);
      report.put(
          "errors", errors.stream().limit(ImportJob.MAX_ERRORS).map(RowError::toJson).toList());
      return Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.APPLICATION_JSON)
          .entity(report)
          .build();
    }
    long now = System.currentTimeMillis();
    ImportJob job = new ImportJob();
    job.id = UUID.randomUUID().toString();
    job.realmId = realm.getId();
    job.kind = kind;
    job.rows = rows;
    job.toWrite = writes.size();
    job.unchanged = unchanged;
    job.startedAt = now;
    job.updatedAt = now;
    if (dryRun || writes.isEmpty()) {
      job.status = dryRun ? ImportJob.Status.VALIDATED : ImportJob.Status.DONE;
      job.message = dryRun ? String.format(VALID, writes.size(), unchanged) : NOTHING_TO_DO;
      job.finishedAt = now;
      if (!dryRun) {
        OrganisationMeters.imported(
            realm.getName(), OrganisationMeters.ImportRow.UNCHANGED, unchanged);
      }
      return Response.ok(job.toJson()).build();
    }
    // Saved before the job starts and outside this request's transaction, so that the job's own
    // saves always come after it.
    KeycloakModelUtils.runJobInTransaction(
        session.getKeycloakSessionFactory(), s -> ImportJobs.save(s, job));
    Map<String, Object> started = job.toJson();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("kind", kind);
    event.put("rows", rows);
    event.put("toWrite", writes.size());
    event.put("unchanged", unchanged);
    event(OperationType.CREATE, resourceType, "organisation-import", job.id)
        .representation(event)
        .success();
    new ImportRunner<>(session.getKeycloakSessionFactory(), realm.getId(), job, writes, runner)
        .start(session);
    return Response.accepted(started)
        .location(
            session
                .getContext()
                .getUri()
                .getBaseUriBuilder()
                .path("admin/realms/{realm}/organisation-import/{id}")
                .build(realm.getName(), job.id))
        .build();
  }
}
