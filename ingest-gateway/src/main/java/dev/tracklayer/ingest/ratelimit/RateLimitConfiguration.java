package dev.tracklayer.ingest.ratelimit;

import dev.tracklayer.ingest.redis.RedisConnection;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class RateLimitConfiguration {

  /** Redis when configured, so the limit holds across replicas; in-process otherwise. */
  @Bean
  RateLimiter browserRateLimiter(RateLimitProperties props, ObjectProvider<RedisConnection> redis) {
    return limiter(props.limit(), props.window(), props.maxTrackedClients(), redis);
  }

  @Bean
  ErrorBudget errorBudget(ErrorBudgetProperties props, ObjectProvider<RedisConnection> redis) {
    return new ErrorBudget(
        limiter(props.limit(), props.window(), props.maxTrackedClients(), redis),
        props.maxTrackedClients(),
        System::currentTimeMillis);
  }

  private static RateLimiter limiter(
      int limit, Duration window, long maxClients, ObjectProvider<RedisConnection> redis) {
    RedisConnection connection = redis.getIfAvailable();
    if (connection != null) {
      return new RedisRateLimiter(connection.commands(), limit, window, connection.failures());
    }
    return new InMemoryRateLimiter(limit, window, maxClients, () -> System.nanoTime() / 1_000_000);
  }
}
