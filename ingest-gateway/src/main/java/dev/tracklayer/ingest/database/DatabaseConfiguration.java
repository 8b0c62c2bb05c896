package dev.tracklayer.ingest.database;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class DatabaseConfiguration {

  /**
   * Where cache misses of keys and merchants run their JDBC queries, never on an event loop. As
   * many threads as pooled connections; a bounded queue, so a stalled database turns into 503s
   * instead of unbounded memory.
   */
  @Bean(destroyMethod = "shutdown")
  ThreadPoolExecutor jdbcExecutor(
      @Value("${spring.datasource.hikari.maximum-pool-size:8}") int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
              Thread t = new Thread(r, "ingest-jdbc-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  @Bean
  DatabaseLookups databaseLookups(ThreadPoolExecutor jdbcExecutor, DatabaseProperties props) {
    return new DatabaseLookups(jdbcExecutor, props.lookupTimeout());
  }
}
