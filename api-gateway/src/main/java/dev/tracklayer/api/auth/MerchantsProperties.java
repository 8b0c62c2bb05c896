package dev.tracklayer.api.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.merchants.cache-ttl}: how long a token subject's merchant and that merchant's
 * status are kept in memory. It bounds how long a suspension (or reactivation, or a removed user
 * link) takes to apply: 30 s by default.
 */
@ConfigurationProperties("tracklayer.merchants")
public record MerchantsProperties(Duration cacheTtl) {
  public MerchantsProperties {
    cacheTtl = cacheTtl == null ? Duration.ofSeconds(30) : cacheTtl;
    if (cacheTtl.isNegative()) {
      throw new IllegalStateException("tracklayer.merchants.cache-ttl must not be negative");
    }
  }
}
