package dev.tracklayer.ingest.dedup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The synchronous 24 h duplicate check behind 409. The Flink pipeline deduplicates again
 * authoritatively; this index exists so a client learns about its duplicate at once.
 */
public interface DedupIndex {

  /** What a reservation found. */
  enum Reservation {
    /** This call reserved the key: the event is new. */
    RESERVED,
    /** Taken for the window: a duplicate. */
    TAKEN,
    /** Reserved by another replica whose Kafka write has no verdict yet. */
    PENDING
  }

  Mono<Reservation> reserve(String key);

  /**
   * Marks a reservation as written to Kafka, for the rest of the window. Completes (never
   * exceptionally) once every replica will answer 409 for the key, or once that has failed.
   */
  default CompletionStage<?> commit(String key) {
    return DONE;
  }

  CompletionStage<?> DONE = CompletableFuture.completedStage(null);

  /** Gives a reservation back after a failed write. Fire and forget. */
  void release(String key);
}
