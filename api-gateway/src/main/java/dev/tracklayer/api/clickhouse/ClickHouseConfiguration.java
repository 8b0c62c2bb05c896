package dev.tracklayer.api.clickhouse;

import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import dev.tracklayer.core.event.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseConfiguration.class);

  /**
   * The API owns the ClickHouse schema as it owns PostgreSQL's: migrations run at start. Rows are
   * read with the events' own Jackson configuration (decimals never through double), not with the
   * web layer's, whose settings serve HTTP bodies.
   */
  @Bean(destroyMethod = "close")
  ClickHouseDatabase clickHouseDatabase(ClickHouseProperties properties) {
    ClickHouseDatabase db = new ClickHouseDatabase(properties.settings(), Json.newMapper());
    var applied = ClickHouseMigrations.apply(db);
    if (!applied.isEmpty()) {
      LOG.info("applied ClickHouse migrations {}", applied);
    }
    return db;
  }
}
