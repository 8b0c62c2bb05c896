package dev.tracklayer.ingest.dedup;

import dev.tracklayer.ingest.redis.RedisConnection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class DedupConfiguration {

  /** Redis when TRACKLAYER_REDIS_URL is set (several replicas share it), in-process otherwise. */
  @Bean
  DedupIndex dedupIndex(DedupProperties props, ObjectProvider<RedisConnection> redis) {
    RedisConnection connection = redis.getIfAvailable();
    if (connection != null) {
      return new RedisDedupIndex(connection.commands(), props.window(), connection.failures());
    }
    return new InMemoryDedupIndex(props.window(), props.maxEntries());
  }
}
