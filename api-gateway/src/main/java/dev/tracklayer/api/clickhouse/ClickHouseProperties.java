package dev.tracklayer.api.clickhouse;

import dev.tracklayer.core.clickhouse.ClickHouseSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code tracklayer.clickhouse.*}: where the events and deliveries live. */
@ConfigurationProperties("tracklayer.clickhouse")
public record ClickHouseProperties(String url, String database, String user, String password) {
  public ClickHouseSettings settings() {
    return new ClickHouseSettings(url, database, user, password);
  }
}
