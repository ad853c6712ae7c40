package org.tillauth.keycloak.internals.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The request's entity manager and the chunking of long {@code IN} lists. */
final class Jpql {

  /** Well below every database's bind-parameter limit (PostgreSQL 32,767, Oracle 1,000 per IN). */
  static final int CHUNK = 500;

  private Jpql() {}

  static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  /** Runs the query once per chunk of {@code values} and concatenates the results. */
  static <T> List<T> inChunks(Collection<String> values, Function<List<String>, List<T>> query) {
    List<String> all = new ArrayList<>(values);
    List<T> result = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      result.addAll(query.apply(all.subList(from, Math.min(all.size(), from + CHUNK))));
    }
    return result;
  }

  static <T> TypedQuery<T> page(TypedQuery<T> query, int first, int max) {
    return query.setFirstResult(first).setMaxResults(max);
  }
}
