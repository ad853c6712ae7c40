package org.tillauth.keycloak.bulk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.internals.jpa.StoreQueries;
import org.tillauth.keycloak.organisation.OrganisationErrors;
import org.tillauth.keycloak.organisation.Stores;
import org.tillauth.keycloak.support.JsonBodies;
import org.tillauth.keycloak.till.TillDirectory;

/**
 * Importing stores: columns {@code code, name}. A new code creates the store as {@code POST
 * /stores} does; an existing store (codes match ignoring case) keeps its code and gets the row's
 * name when it differs; one with the same name is unchanged.
 */
final class StoreImport {

  static final List<String> COLUMNS = List.of("code", "name");
  static final List<String> REQUIRED = List.of("code", "name");

  static final String NO_CODE = "The store code is empty";
  static final String NO_NAME = "The store name is empty";
  static final String REPEATED = "Store \"%s\" appears again, ignoring case (first on row %d)";
  static final String AMBIGUOUS =
      "Several stores have code \"%s\" ignoring case; rename one of them first";

  /** A store to create (no existing code) or to rename (existing code). */
  record Write(int row, String code, String name, String existing) {}

  private StoreImport() {}

  static ImportPlan<Write> plan(KeycloakSession session, RealmModel realm, ImportFile.Rows file) {
    List<RowError> errors = new ArrayList<>(file.errors());
    Map<String, Integer> seen = new HashMap<>();
    List<ImportRow> candidates = new ArrayList<>();
    for (ImportRow row : file.rows()) {
      String code = row.get("code");
      String problem =
          code == null
              ? NO_CODE
              : !Stores.validCode(code)
                  ? OrganisationErrors.STORE_CODE
                  : row.get("name") == null
                      ? NO_NAME
                      : !JsonBodies.isVisibleName(row.get("name"))
                          ? String.format(JsonBodies.INVISIBLE, "name")
                          : null;
      String key = code == null ? null : code.toLowerCase(Locale.ROOT);
      if (problem == null && seen.containsKey(key)) {
        problem = String.format(REPEATED, code, seen.get(key));
      }
      if (problem != null) {
        errors.add(new RowError(row.number(), ImportFile.clip(code), problem));
        continue;
      }
      seen.put(key, row.number());
      candidates.add(row);
    }
    String parentId = Stores.parent(session, realm).map(GroupModel::getId).orElse(null);
    Map<String, List<StoreQueries.Code>> existing =
        StoreQueries.byCodesIgnoringCase(session, realm, parentId, seen.keySet());
    Map<String, String> displayNames =
        StoreQueries.names(
            session,
            Stores.NAME_ATTRIBUTE,
            existing.values().stream().flatMap(List::stream).map(StoreQueries.Code::id).toList());

    List<Write> writes = new ArrayList<>();
    int unchanged = 0;
    for (ImportRow row : candidates) {
      String code = row.get("code");
      List<StoreQueries.Code> matches =
          existing.getOrDefault(code.toLowerCase(Locale.ROOT), List.of());
      StoreQueries.Code exact =
          matches.stream().filter(m -> m.code().equals(code)).findFirst().orElse(null);
      if (matches.size() > 1 && exact == null) {
        errors.add(new RowError(row.number(), code, String.format(AMBIGUOUS, code)));
        continue;
      }
      if (matches.isEmpty()) {
        writes.add(new Write(row.number(), code, row.get("name"), null));
        continue;
      }
      StoreQueries.Code stored = exact != null ? exact : matches.get(0);
      if (Objects.equals(displayNames.get(stored.id()), row.get("name"))) {
        unchanged++;
      } else {
        writes.add(new Write(row.number(), code, row.get("name"), stored.code()));
      }
    }
    errors.sort(java.util.Comparator.comparingInt(RowError::row));
    return new ImportPlan<>(file.rows().size() + file.errors().size(), writes, unchanged, errors);
  }

  static ImportRunner.Outcome apply(KeycloakSession session, RealmModel realm, Write write) {
    if (write.existing() == null) {
      // As POST /stores: creations serialise on the realm's row, so codes differing only in case
      // cannot both be created by racing requests (once per batch; a second lock is a no-op).
      RowLocks.realm(session, realm);
      if (Stores.exists(session, realm, write.code())) {
        throw new ImportRunner.RowFailure(
            String.format(OrganisationErrors.STORE_EXISTS, write.code()));
      }
      Stores.create(session, realm, write.code(), write.name());
      return ImportRunner.Outcome.CREATED;
    }
    GroupModel store =
        KeycloakModelUtils.findGroupByPath(
            session, realm, new String[] {TillDirectory.storesGroup(), write.existing()});
    if (store == null) {
      throw new ImportRunner.RowFailure(OrganisationErrors.STORE_NOT_FOUND);
    }
    if (Objects.equals(store.getFirstAttribute(Stores.NAME_ATTRIBUTE), write.name())) {
      return ImportRunner.Outcome.UNCHANGED;
    }
    store.setSingleAttribute(Stores.NAME_ATTRIBUTE, write.name());
    return ImportRunner.Outcome.UPDATED;
  }

  /** The store import as the runner runs it: nothing to prepare. */
  static final ImportRunner.Kind<Write, Write> KIND =
      new ImportRunner.Kind<>() {
        @Override
        public int row(Write write) {
          return write.row();
        }

        @Override
        public String code(Write write) {
          return write.code();
        }

        @Override
        public Function<Write, Write> preparer(KeycloakSession session, RealmModel realm) {
          return Function.identity();
        }

        @Override
        public ImportRunner.Outcome apply(
            KeycloakSession session, RealmModel realm, Write write, Write same) {
          return StoreImport.apply(session, realm, write);
        }
      };
}
