package dev.tracklayer.ingest.ratelimit;

import reactor.core.publisher.Mono;

/** At most {@code limit} events per sliding {@code window} per key. */
public interface RateLimiter {

  /** Takes one slot for {@code key}, or says how long until one frees up. */
  Mono<RateLimitDecision> acquire(String key);
}
