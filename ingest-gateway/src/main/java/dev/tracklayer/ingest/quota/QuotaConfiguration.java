package dev.tracklayer.ingest.quota;

import dev.tracklayer.ingest.database.DatabaseLookups;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration
public class QuotaConfiguration {

  /** One thread of its own for the flushes, so waiting events never queue behind other chores. */
  @Bean(destroyMethod = "close")
  QuotaGuard quotaGuard(
      QuotaProperties props,
      JdbcTemplate jdbc,
      DatabaseLookups database,
      Clock clock,
      MeterRegistry meters) {
    return new QuotaGuard(
        props,
        new UsageRepository(jdbc),
        database,
        clock,
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-quota-flush");
              t.setDaemon(true);
              return t;
            }),
        meters);
  }
}
