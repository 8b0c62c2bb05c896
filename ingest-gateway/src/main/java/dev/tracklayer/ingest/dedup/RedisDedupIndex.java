package dev.tracklayer.ingest.dedup;

import dev.tracklayer.ingest.redis.RedisFailures;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import reactor.core.publisher.Mono;

/**
 * The index shared by every gateway replica, one key per event: {@code tl:dedup:<merchant>:<id>}.
 *
 * <ul>
 *   <li>{@code SET key p NX EX 30 GET} reserves it as pending (Redis 7.0 or later). The old value
 *       says what another request left: {@code 1}, a duplicate (409), or {@code p}, a copy whose
 *       first request, on some replica, has no Kafka verdict yet (503: the retry learns which).
 *   <li>{@code SET key 1 XX EX 86400} after Kafka's acknowledgement keeps it for the window; the
 *       202 waits for it, so a copy sent after the 202 gets 409 from every replica.
 *   <li>{@code DEL} after a failed write gives it back.
 * </ul>
 *
 * A pending key outlives any write (the delivery timeout is seconds), so one whose replica died
 * mid-write expires on its own. When Redis does not answer, the event is let through (fail open):
 * losing an event is worse than a late duplicate, which the pipeline's dedup removes anyway.
 */
public class RedisDedupIndex implements DedupIndex {
  static final String PREFIX = "tl:dedup:";
  static final String PENDING = "p";
  static final String WRITTEN = "1";
  static final Duration PENDING_TTL = Duration.ofSeconds(30);

  private final RedisAsyncCommands<String, String> redis;
  private final SetArgs pending = SetArgs.Builder.nx().ex(PENDING_TTL.toSeconds());
  private final SetArgs written;
  private final RedisFailures failures;

  public RedisDedupIndex(
      RedisAsyncCommands<String, String> redis, Duration window, RedisFailures failures) {
    this.redis = redis;
    this.written = SetArgs.Builder.xx().ex(window.toSeconds());
    this.failures = failures;
  }

  @Override
  public Mono<Reservation> reserve(String key) {
    return Mono.fromCompletionStage(redis.setGet(PREFIX + key, PENDING, pending))
        .map(old -> PENDING.equals(old) ? Reservation.PENDING : Reservation.TAKEN)
        .defaultIfEmpty(Reservation.RESERVED) // there was no key: this SET made it
        .onErrorResume(
            e -> {
              failures.record("dedup reserve", e);
              return Mono.just(Reservation.RESERVED);
            });
  }

  @Override
  public CompletionStage<?> commit(String key) {
    // XX: a key released or expired meanwhile is not brought back.
    return failures.watch("dedup commit", redis.set(PREFIX + key, WRITTEN, written));
  }

  @Override
  public void release(String key) {
    // Plain DEL is safe: the key is ours (pending) until Kafka's verdict, seconds after we set it.
    failures.watch("dedup release", redis.del(PREFIX + key));
  }
}
