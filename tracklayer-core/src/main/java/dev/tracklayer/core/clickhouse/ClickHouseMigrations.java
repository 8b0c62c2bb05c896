package dev.tracklayer.core.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the numbered files of sql/clickhouse (listed in order in {@code migrations.list}) that a
 * database has not seen yet, and records each in {@code schema_migrations}.
 */
public final class ClickHouseMigrations {
  private ClickHouseMigrations() {}

  /** Creates the database if needed and applies pending migrations; returns those applied. */
  public static List<String> apply(ClickHouseDatabase db) {
    db.createDatabaseIfMissing();
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version String, applied_at DateTime('UTC'))"
            + " ENGINE = MergeTree ORDER BY version");
    Set<String> applied = new HashSet<>();
    for (JsonNode row : db.query("SELECT version FROM schema_migrations")) {
      applied.add(row.get("version").asText());
    }
    List<String> pending =
        migrationFiles().stream().filter(name -> !applied.contains(name)).toList();
    for (String name : pending) {
      for (String statement : statements(read(name))) {
        db.execute(statement);
      }
      db.execute(ClickHouseSql.bind("INSERT INTO schema_migrations VALUES (?, now())", name));
    }
    return pending;
  }

  static List<String> migrationFiles() {
    return read("migrations.list")
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** Splits a file on semicolons at line ends; comments are dropped. */
  static List<String> statements(String file) {
    StringBuilder clean = new StringBuilder();
    for (String line : file.lines().toList()) {
      if (!line.strip().startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(clean.toString().split(";\\s*\\n"))
        .map(String::strip)
        .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static String read(String name) {
    try (InputStream in =
        ClickHouseMigrations.class.getClassLoader().getResourceAsStream("clickhouse/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing ClickHouse migration resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
