package org.tillauth.keycloak.bulk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.tillauth.keycloak.internals.jpa.RowLocks;
import org.tillauth.keycloak.internals.jpa.StoreQueries;
import org.tillauth.keycloak.internals.jpa.TillQueries;
import org.tillauth.keycloak.organisation.OrganisationErrors;
import org.tillauth.keycloak.organisation.Stores;
import org.tillauth.keycloak.organisation.Tills;
import org.tillauth.keycloak.till.Md5Digest;
import org.tillauth.keycloak.till.TillDirectory;
import org.tillauth.keycloak.till.TillPassword;

/**
 * Importing tills: columns {@code code, store, password, md5Digest}. A row creates a till as {@code
 * POST /tills} does (user, role, store, Argon2 over the digest); a till that already exists in the
 * row's store is left unchanged (an import never resets a password), so running a file again
 * changes nothing. Every row is checked before anything is written.
 */
final class TillImport {

  static final List<String> COLUMNS = List.of("code", "store", "password", "md5Digest");
  static final List<String> REQUIRED = List.of("code", "store");

  static final String NO_CODE = "The till code is empty";
  static final String NO_STORE = "The store is empty";
  static final String NO_SECRET = "A new till needs a password or an md5Digest";
  static final String REPEATED = "Till \"%s\" appears again (first on row %d)";
  static final String IN_OTHER_STORE =
      "Till \"%s\" exists in store \"%s\"; move it there first or change this row's store";

  /** A till to create. */
  record Write(int row, String code, String store, String digest) {}

  private TillImport() {}

  static ImportPlan<Write> plan(KeycloakSession session, RealmModel realm, ImportFile.Rows file) {
    List<RowError> errors = new ArrayList<>(file.errors());
    Map<String, Integer> seen = new HashMap<>();
    List<ImportRow> candidates = new ArrayList<>();
    Set<String> storeCodes = new HashSet<>();
    for (ImportRow row : file.rows()) {
      String code = row.get("code") == null ? null : row.get("code").toLowerCase(Locale.ROOT);
      String problem = rowProblem(row, code);
      if (problem == null && seen.containsKey(code)) {
        problem = String.format(REPEATED, code, seen.get(code));
      }
      if (problem != null) {
        errors.add(new RowError(row.number(), ImportFile.clip(row.get("code")), problem));
        continue;
      }
      seen.put(code, row.number());
      candidates.add(row);
      storeCodes.add(row.get("store").toLowerCase(Locale.ROOT));
    }

    String parentId = Stores.parent(session, realm).map(GroupModel::getId).orElse(null);
    Map<String, List<StoreQueries.Code>> stores =
        StoreQueries.byCodesIgnoringCase(session, realm, parentId, storeCodes);
    Map<String, TillQueries.Existing> existing =
        TillQueries.byUsernames(session, realm, Stores.tillRoleId(realm), parentId, seen.keySet());

    List<Write> writes = new ArrayList<>();
    int unchanged = 0;
    for (ImportRow row : candidates) {
      String code = row.get("code").toLowerCase(Locale.ROOT);
      Optional<String> store = canonical(row.get("store"), stores);
      if (store.isEmpty()) {
        errors.add(
            new RowError(
                row.number(),
                code,
                String.format(OrganisationErrors.UNKNOWN_STORE, row.get("store"))));
        continue;
      }
      TillQueries.Existing user = existing.get(code);
      if (user != null) {
        String problem =
            !user.till()
                ? String.format(OrganisationErrors.USER_EXISTS, code)
                : !user.stores().contains(store.get())
                    ? String.format(
                        IN_OTHER_STORE,
                        code,
                        user.stores().isEmpty() ? "(none)" : String.join(", ", user.stores()))
                    : null;
        if (problem != null) {
          errors.add(new RowError(row.number(), code, problem));
        } else {
          unchanged++;
        }
        continue;
      }
      String password = row.get("password");
      String digest;
      if (password == null && row.get("md5Digest") == null) {
        errors.add(new RowError(row.number(), code, NO_SECRET));
        continue;
      } else if (password != null) {
        Optional<String> violation = TillPassword.policyViolation(session, code, password);
        if (violation.isPresent()) {
          errors.add(new RowError(row.number(), code, violation.get()));
          continue;
        }
        digest = Md5Digest.of(password);
      } else {
        digest = Md5Digest.normalize(row.get("md5Digest")).orElseThrow();
      }
      writes.add(new Write(row.number(), code, store.get(), digest));
    }
    errors.sort(java.util.Comparator.comparingInt(RowError::row));
    return new ImportPlan<>(file.rows().size() + file.errors().size(), writes, unchanged, errors);
  }

  /** The row's own problem (no lookups), or null. */
  private static String rowProblem(ImportRow row, String code) {
    if (code == null) {
      return NO_CODE;
    }
    if (!Tills.validCode(code)) {
      return OrganisationErrors.TILL_CODE;
    }
    if (row.get("store") == null) {
      return NO_STORE;
    }
    String password = row.get("password");
    String md5 = row.get("md5Digest");
    if (password != null && md5 != null) {
      return "Fill in only one of password and md5Digest";
    }
    if (md5 != null && Md5Digest.normalize(md5).isEmpty()) {
      return OrganisationErrors.BAD_DIGEST;
    }
    if (password != null && Md5Digest.normalize(password).isPresent()) {
      return OrganisationErrors.PASSWORD_IS_DIGEST;
    }
    return null;
  }

  /** The store's code as stored: an exact match, else the one store equal ignoring case. */
  private static Optional<String> canonical(
      String code, Map<String, List<StoreQueries.Code>> stores) {
    List<String> matches =
        stores.getOrDefault(code.toLowerCase(Locale.ROOT), List.of()).stream()
            .map(StoreQueries.Code::code)
            .toList();
    if (matches.contains(code)) {
      return Optional.of(code);
    }
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  /**
   * Creates one till in the caller's transaction, re-checking what may have changed since the plan:
   * a till that appeared meanwhile in the same store is unchanged, anything else fails the row.
   */
  static ImportRunner.Outcome apply(
      KeycloakSession session, RealmModel realm, Write write, PasswordCredentialModel encoded) {
    UserModel user = session.users().getUserByUsername(realm, write.code());
    GroupModel store =
        KeycloakModelUtils.findGroupByPath(
            session, realm, new String[] {TillDirectory.storesGroup(), write.store()});
    if (store == null || !RowLocks.group(session, store.getId(), false)) {
      throw new ImportRunner.RowFailure(
          String.format(OrganisationErrors.UNKNOWN_STORE, write.store()));
    }
    if (user != null) {
      if (TillDirectory.isTillRoleHolder(realm, user) && user.isMemberOf(store)) {
        return ImportRunner.Outcome.UNCHANGED;
      }
      throw new ImportRunner.RowFailure(
          String.format(OrganisationErrors.USER_EXISTS, write.code()));
    }
    UserModel till = session.users().addUser(realm, write.code());
    till.setEnabled(true);
    till.grantRole(Tills.role(realm));
    till.joinGroup(store);
    TillPassword.storeNew(till, encoded);
    return ImportRunner.Outcome.CREATED;
  }

  /** The till import as the runner runs it: Argon2 off the transaction, then the till. */
  static final ImportRunner.Kind<Write, PasswordCredentialModel> KIND =
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
        public Function<Write, PasswordCredentialModel> preparer(
            KeycloakSession session, RealmModel realm) {
          Function<String, PasswordCredentialModel> encoder = TillPassword.encoder(session, realm);
          return write -> encoder.apply(write.digest());
        }

        @Override
        public ImportRunner.Outcome apply(
            KeycloakSession session, RealmModel realm, Write write, PasswordCredentialModel p) {
          return TillImport.apply(session, realm, write, p);
        }
      };
}
