package dev.tracklayer.ingest.quota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tracklayer.ingest.quota}: plan allowances at ingestion (docs/ingest.md "Quota").
 *
 * @param enabled false: nothing is counted or refused (TRACKLAYER_INGEST_QUOTA)
 * @param flushInterval how often this replica adds its accepted events to PostgreSQL
 * @param maxUnflushed the most events a replica holds uncounted in PostgreSQL for a merchant on a
 *     hard-cap plan: the next one waits for a flush. It bounds how far past the cap the replicas
 *     together can go (at most this many per replica)
 * @param stateTtl how long a merchant's plan and subscription are trusted before being read again
 *     (an upgrade lifts the cap within it)
 * @param gracePeriod how long an unpaid subscription keeps its plan
 *     (TRACKLAYER_BILLING_GRACE_PERIOD)
 * @param freePlan the plan an ended or long-unpaid subscription falls back to
 * @param maxMerchants merchants whose plan is cached
 */
@ConfigurationProperties("tracklayer.ingest.quota")
public record QuotaProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1s") Duration flushInterval,
    @DefaultValue("100") int maxUnflushed,
    @DefaultValue("10s") Duration stateTtl,
    @DefaultValue("7d") Duration gracePeriod,
    @DefaultValue("free") String freePlan,
    @DefaultValue("100000") long maxMerchants) {

  public QuotaProperties {
    if (maxUnflushed < 1) {
      throw new IllegalArgumentException(
          "tracklayer.ingest.quota.max-unflushed must be at least 1");
    }
  }
}
