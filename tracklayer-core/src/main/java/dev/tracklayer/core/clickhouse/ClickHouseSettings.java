package dev.tracklayer.core.clickhouse;

import java.io.Serializable;

/** Where ClickHouse is: {@code TRACKLAYER_CLICKHOUSE_URL}, database, user and password. */
public record ClickHouseSettings(String url, String database, String user, String password)
    implements Serializable {
  public ClickHouseSettings {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("ClickHouse URL is required");
    }
    database = database == null || database.isBlank() ? "tracklayer" : database;
    user = user == null || user.isBlank() ? "default" : user;
    password = password == null ? "" : password;
  }

  /** From TRACKLAYER_CLICKHOUSE_URL / _DATABASE / _USER / _PASSWORD, defaulting to local. */
  public static ClickHouseSettings fromEnvironment() {
    return fromMap(System.getenv());
  }

  /** From the same variables in {@code env} (a job's settings read them from a map in tests). */
  public static ClickHouseSettings fromMap(java.util.Map<String, String> env) {
    return new ClickHouseSettings(
        get(env, "TRACKLAYER_CLICKHOUSE_URL", "http://127.0.0.1:8123"),
        get(env, "TRACKLAYER_CLICKHOUSE_DATABASE", "tracklayer"),
        get(env, "TRACKLAYER_CLICKHOUSE_USER", "default"),
        get(env, "TRACKLAYER_CLICKHOUSE_PASSWORD", ""));
  }

  public ClickHouseSettings withDatabase(String name) {
    return new ClickHouseSettings(url, name, user, password);
  }

  private static String get(java.util.Map<String, String> env, String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
