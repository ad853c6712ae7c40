package org.tillauth.keycloak.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A throw-away PostgreSQL role and database for the cluster suite, created through a superuser
 * connection ({@code cluster.postgres.url}, {@code cluster.postgres.user}, {@code
 * cluster.postgres.password}; defaults: {@code jdbc:postgresql://127.0.0.1:5432/postgres}, {@code
 * postgres}, the password in {@code PGPASSWORD} or none) and dropped again at the end of the run.
 */
public final class PostgresDatabase implements AutoCloseable {

  private static final String ADMIN_URL =
      System.getProperty("cluster.postgres.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String ADMIN_USER = System.getProperty("cluster.postgres.user", "postgres");
  private static final String ADMIN_PASSWORD =
      System.getProperty(
          "cluster.postgres.password", System.getenv().getOrDefault("PGPASSWORD", ""));

  private final String name;
  private final String username;
  private final String password;
  private final boolean dropOnClose;

  private PostgresDatabase(String name, String password) {
    this(name, name, password, true);
  }

  private PostgresDatabase(String name, String username, String password, boolean dropOnClose) {
    this.name = name;
    this.username = username;
    this.password = password;
    this.dropOnClose = dropOnClose;
  }

  /** Why the suite cannot run here, or empty when the superuser connection works. */
  static Optional<String> unreachable() {
    try (Connection ignored = admin()) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          "PostgreSQL not reachable at "
              + ADMIN_URL
              + " as "
              + ADMIN_USER
              + " ("
              + e.getMessage()
              + "); install and start it (see docs/production.md) or set cluster.postgres.url");
    }
  }

  /** A new role and a database it owns, both with random names. */
  static PostgresDatabase create() {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    String suffix = HexFormat.of().formatHex(random);
    PostgresDatabase database =
        new PostgresDatabase("tillauth_cluster_" + suffix, "pw-" + suffix + "-" + suffix);
    try (Connection connection = admin();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE ROLE " + database.name + " LOGIN PASSWORD '" + database.password + "'");
      statement.execute("CREATE DATABASE " + database.name + " OWNER " + database.name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the cluster database", e);
    }
    return database;
  }

  /**
   * A database of that name owned and used by the superuser, dropped and created afresh unless
   * {@code keepExisting} and it exists; never dropped on {@link #close()} (the benchmark's scale
   * database, measured again later with {@code BENCH_SCALE_KEEP=1}).
   */
  public static PostgresDatabase named(String name, boolean keepExisting) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a plain database name: " + name);
    }
    try (Connection connection = admin();
        Statement statement = connection.createStatement()) {
      boolean exists;
      try (var rows =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        exists = rows.next();
      }
      if (!(keepExisting && exists)) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        statement.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not (re)create the database " + name, e);
    }
    return new PostgresDatabase(name, ADMIN_USER, ADMIN_PASSWORD, false);
  }

  public String jdbcUrl() {
    String server = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1);
    return server + name;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Runs a query as the database owner and returns the first column of the first row. */
  public String queryOne(String sql) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), username, password);
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    if (!dropOnClose) {
      return;
    }
    try (Connection connection = admin();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("DROP ROLE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop the cluster database " + name, e);
    }
  }

  private static Connection admin() throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(ADMIN_URL, ADMIN_USER, ADMIN_PASSWORD);
  }
}
