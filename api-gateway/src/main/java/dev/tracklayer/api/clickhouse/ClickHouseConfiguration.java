package dev.tracklayer.api.clickhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.clickhouse.ClickHouseMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ClickHouseConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseConfiguration.class);

  /** The API owns the ClickHouse schema as it owns PostgreSQL's: migrations run at start. */
  @Bean(destroyMethod = "close")
  ClickHouseDatabase clickHouseDatabase(ClickHouseProperties properties, ObjectMapper json) {
    ClickHouseDatabase db = new ClickHouseDatabase(properties.settings(), json);
    var applied = ClickHouseMigrations.apply(db);
    if (!applied.isEmpty()) {
      LOG.info("applied ClickHouse migrations {}", applied);
    }
    return db;
  }
}
