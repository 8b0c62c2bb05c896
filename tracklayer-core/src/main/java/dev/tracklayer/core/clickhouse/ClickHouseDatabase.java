package dev.tracklayer.core.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ClickHouse access shared by the Flink sinks and the API, on ClickHouse's official client-v2. Only
 * what works against the 18.16 server Debian ships: SQL text (values bound by {@link
 * ClickHouseSql}), inserts as JSONEachRow or RowBinary, results as JSONEachRow, no response
 * compression (18.16 answers an empty body to compressed requests).
 *
 * <p>With the system property {@code tracklayer.clickhouse.querylog} set to a file, every statement
 * is appended to it, so a check can run them all on a current ClickHouse release.
 */
public final class ClickHouseDatabase implements AutoCloseable {
  private static final Path QUERY_LOG = queryLog();
  private static final long TIMEOUT_SECONDS = 60;

  private final Client client;
  private final String database;
  private final ObjectMapper json;

  public ClickHouseDatabase(ClickHouseSettings settings, ObjectMapper json) {
    this.database = settings.database();
    this.json = json;
    this.client =
        new Client.Builder()
            .addEndpoint(settings.url())
            .setUsername(settings.user())
            .setPassword(settings.password())
            .setDefaultDatabase(settings.database())
            // 18.16 ignores the X-ClickHouse-Database header client-v2 sends: the URL parameter
            // is what selects the database there (docs/contracts.md).
            .serverSetting("database", settings.database())
            .compressServerResponse(false)
            .compressClientRequest(false)
            .useHttpCompression(false)
            .setConnectTimeout(5, ChronoUnit.SECONDS)
            .setSocketTimeout(TIMEOUT_SECONDS, ChronoUnit.SECONDS)
            .setMaxConnections(16)
            .build();
  }

  public String database() {
    return database;
  }

  /** Runs a statement that returns no rows (DDL, ALTER, OPTIMIZE). */
  public void execute(String sql) {
    log(sql);
    await(client.execute(sql));
  }

  /** Creates this client's database; the statement runs against {@code default}. */
  public void createDatabaseIfMissing() {
    String sql =
        "CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.identifier(database, Set.of(database));
    log(sql);
    CommandSettings settings = new CommandSettings();
    settings.setDatabase("default");
    settings.serverSetting("database", "default");
    await(client.execute(sql, settings));
  }

  /** Runs a SELECT and returns its rows. The statement must not name a FORMAT. */
  public List<JsonNode> query(String sql) {
    String statement = sql + "\nFORMAT JSONEachRow";
    log(statement);
    QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow);
    try (var response = await(client.query(statement, settings));
        InputStream in = response.getInputStream()) {
      List<JsonNode> rows = new ArrayList<>();
      try (MappingIterator<JsonNode> it = json.readerFor(JsonNode.class).readValues(in)) {
        while (it.hasNext()) {
          rows.add(it.next());
        }
      }
      return rows;
    } catch (IOException e) {
      throw new ClickHouseException("could not read ClickHouse result", e);
    } catch (ClickHouseException e) {
      throw e;
    } catch (Exception e) {
      throw new ClickHouseException("ClickHouse query failed", e);
    }
  }

  /** Inserts rows (objects Jackson can write) into {@code table} as JSONEachRow. */
  public void insert(String table, List<?> rows) {
    List<String> lines = new ArrayList<>(rows.size());
    for (Object row : rows) {
      lines.add(toJson(row));
    }
    await(insertLines(table, lines));
  }

  private CompletableFuture<Void> insertLines(String table, List<String> lines) {
    if (lines.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    StringBuilder body = new StringBuilder(lines.size() * 256);
    for (String line : lines) {
      body.append(line).append('\n');
    }
    String text = body.toString();
    if (QUERY_LOG != null) {
      log("INSERT INTO " + table + " FORMAT JSONEachRow\n" + text);
    }
    return client
        .insert(
            table,
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            ClickHouseFormat.JSONEachRow)
        .thenAccept(response -> response.close());
  }

  /**
   * Inserts rows encoded by a {@link RowBinaryFormat} (in its column order) without blocking; the
   * future fails with the server's message.
   */
  public CompletableFuture<Void> insertRowBinary(
      String table, List<String> columns, List<byte[]> rows) {
    if (rows.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (QUERY_LOG != null) {
      // Binary data cannot be replayed as text: the check decodes it (tools/chdb-check).
      var all = new ByteArrayOutputStream();
      rows.forEach(all::writeBytes);
      log(
          "INSERT INTO "
              + table
              + " ("
              + String.join(", ", columns)
              + ") FORMAT RowBinary\n"
              + Base64.getEncoder().encodeToString(all.toByteArray()));
    }
    return client
        .insert(
            table,
            columns,
            out -> {
              for (byte[] row : rows) {
                out.write(row);
              }
            },
            ClickHouseFormat.RowBinary,
            new InsertSettings())
        .thenAccept(response -> response.close());
  }

  public String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ClickHouseException("could not serialize", e);
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ClickHouseException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new ClickHouseException("ClickHouse did not answer in " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseException("interrupted", e);
    }
  }

  private void log(String statement) {
    if (QUERY_LOG == null) {
      return;
    }
    String entry = "-- database: " + database + "\n" + statement.strip() + "\n;;\n";
    synchronized (ClickHouseDatabase.class) {
      try {
        Files.writeString(QUERY_LOG, entry, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new ClickHouseException("could not write the query log", e);
      }
    }
  }

  private static Path queryLog() {
    String dir = System.getProperty("tracklayer.clickhouse.querylog.dir", "");
    return dir.isBlank() ? null : Path.of(dir, "queries-" + ProcessHandle.current().pid() + ".sql");
  }

  @Override
  public void close() {
    client.close();
  }
}
