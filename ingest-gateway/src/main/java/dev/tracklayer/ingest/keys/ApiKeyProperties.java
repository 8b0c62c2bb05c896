package dev.tracklayer.ingest.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cacheTtl how long a key found in PostgreSQL is trusted without asking again: the bound on
 *     how long a revoked key keeps working on each replica (must stay under 30 s). Hot keys are
 *     re-read in the background after half of it, so requests do not wait for the refresh.
 * @param negativeCacheTtl how long an unknown key is remembered as unknown, so a client retrying a
 *     bad key does not cost a query per request; short, so a new key works almost at once
 * @param maxCachedKeys bound of the cache
 * @param lastUsedFlushInterval how often api_keys.last_used_at is written, in one batch
 */
@ConfigurationProperties("tracklayer.ingest.keys")
public record ApiKeyProperties(
    @DefaultValue("15s") Duration cacheTtl,
    @DefaultValue("5s") Duration negativeCacheTtl,
    @DefaultValue("100000") long maxCachedKeys,
    @DefaultValue("30s") Duration lastUsedFlushInterval) {

  public ApiKeyProperties {
    if (cacheTtl.compareTo(Duration.ofSeconds(30)) >= 0) {
      throw new IllegalArgumentException(
          "tracklayer.ingest.keys.cache-ttl must be under 30s: revoked keys must stop within 30s");
    }
  }
}
