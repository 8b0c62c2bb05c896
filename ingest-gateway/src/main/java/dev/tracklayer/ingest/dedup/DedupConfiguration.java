package dev.tracklayer.ingest.dedup;

import dev.tracklayer.ingest.redis.RedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class DedupConfiguration {

  /** Redis when TRACKLAYER_REDIS_URL is set (several replicas share it), in-process otherwise. */
  @Bean
  DedupIndex dedupIndex(
      DedupProperties props, ObjectProvider<RedisConnection> redis, MeterRegistry registry) {
    RedisConnection connection = redis.getIfAvailable();
    if (connection != null) {
      return new RedisDedupIndex(connection.commands(), props.window(), connection.failures());
    }
    InMemoryDedupIndex index = new InMemoryDedupIndex(props.window(), props.maxEntries());
    Gauge.builder("tracklayer.ingest.dedup.memory", index, InMemoryDedupIndex::memorySeconds)
        .description(
            "How far back the in-process dedup index remembers event_ids; below the window when"
                + " max-entries is too small for the event rate")
        .baseUnit("seconds")
        .register(registry);
    return index;
  }
}
