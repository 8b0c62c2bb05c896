package dev.tracklayer.api.events.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tracklayer.live.*}: GET /v1/events/stream (docs/api.md, "Live events").
 *
 * @param maxPerSecond records a client gets per second; the rest are dropped and counted in a
 *     {@code sampled} event
 * @param bufferSize records that may wait for a slow client before the oldest are dropped
 * @param keepalive how often an idle stream gets a comment, so proxies and the server's idle
 *     timeout leave it open
 * @param idleTimeout how long the shared Kafka consumer stays open with nobody listening
 * @param maxStreamsPerMerchant streams one merchant may hold open on one gateway at once; one more
 *     is answered 429
 */
@ConfigurationProperties("tracklayer.live")
public record LiveProperties(
    @DefaultValue("20") int maxPerSecond,
    @DefaultValue("256") int bufferSize,
    @DefaultValue("15s") Duration keepalive,
    @DefaultValue("60s") Duration idleTimeout,
    @DefaultValue("10") int maxStreamsPerMerchant) {
  public LiveProperties {
    if (maxPerSecond < 1 || bufferSize < 1 || maxStreamsPerMerchant < 1) {
      throw new IllegalArgumentException(
          "tracklayer.live.max-per-second, buffer-size and max-streams-per-merchant must be at"
              + " least 1");
    }
    if (keepalive.isNegative() || keepalive.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "tracklayer.live.keepalive must be positive, idle-timeout not negative");
    }
  }
}
