package dev.tracklayer.ingest.redis;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@ConditionalOnExpression("!'${tracklayer.redis.url:}'.isBlank()")
public class RedisConfiguration {

  @Bean(destroyMethod = "close")
  RedisConnection redisConnection(RedisProperties props, MeterRegistry registry) {
    return new RedisConnection(props.url(), props.commandTimeout(), new RedisFailures(registry));
  }
}
