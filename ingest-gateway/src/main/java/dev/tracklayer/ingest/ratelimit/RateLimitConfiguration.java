package dev.tracklayer.ingest.ratelimit;

import dev.tracklayer.ingest.redis.RedisConnection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class RateLimitConfiguration {

  /** Redis when configured, so the limit holds across replicas; in-process otherwise. */
  @Bean
  RateLimiter browserRateLimiter(RateLimitProperties props, ObjectProvider<RedisConnection> redis) {
    RedisConnection connection = redis.getIfAvailable();
    if (connection != null) {
      return new RedisRateLimiter(
          connection.commands(), props.limit(), props.window(), connection.failures());
    }
    return new InMemoryRateLimiter(
        props.limit(),
        props.window(),
        props.maxTrackedClients(),
        () -> System.nanoTime() / 1_000_000);
  }
}
