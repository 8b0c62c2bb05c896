package dev.tracklayer.ingest.dedup;

import dev.tracklayer.ingest.redis.RedisFailures;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The index shared by every gateway replica: {@code SET tl:dedup:<merchant>:<event_id> 1 NX EX
 * 86400}. When Redis does not answer, the event is let through (fail open): losing an event is
 * worse than a late duplicate, which the pipeline's dedup removes anyway.
 */
public class RedisDedupIndex implements DedupIndex {
  static final String PREFIX = "tl:dedup:";

  private final RedisAsyncCommands<String, String> redis;
  private final SetArgs setArgs;
  private final RedisFailures failures;

  public RedisDedupIndex(
      RedisAsyncCommands<String, String> redis, Duration window, RedisFailures failures) {
    this.redis = redis;
    this.setArgs = SetArgs.Builder.nx().ex(window.toSeconds());
    this.failures = failures;
  }

  @Override
  public Mono<Boolean> reserve(String key) {
    return Mono.fromCompletionStage(redis.set(PREFIX + key, "1", setArgs))
        .map("OK"::equals)
        .defaultIfEmpty(false)
        .onErrorResume(
            e -> {
              failures.record("dedup reserve", e);
              return Mono.just(true);
            });
  }

  @Override
  public void release(String key) {
    // Plain DEL is safe: the key is ours until it expires in 24 h, and the write failed seconds
    // after we set it.
    redis
        .del(PREFIX + key)
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                failures.record("dedup release", e);
              }
            });
  }
}
