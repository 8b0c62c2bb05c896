package dev.tracklayer.ingest.dedup;

import reactor.core.publisher.Mono;

/**
 * The synchronous 24 h duplicate check behind 409. The Flink pipeline deduplicates again
 * authoritatively; this index exists so a client learns about its duplicate at once.
 */
public interface DedupIndex {

  /** True if this call reserved {@code key}; false if it is already reserved (a duplicate). */
  Mono<Boolean> reserve(String key);

  /** Gives a reservation back after a failed write. Fire and forget. */
  void release(String key);
}
