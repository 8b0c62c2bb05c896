package dev.tracklayer.ingest.ratelimit;

import dev.tracklayer.ingest.redis.RedisFailures;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * The same sliding window as {@link InMemoryRateLimiter}, shared by all replicas: a sorted set of
 * accepted times per key, trimmed and checked atomically in one script. Redis's own clock is used,
 * so replicas with skewed clocks agree. Fails open when Redis does not answer.
 */
public class RedisRateLimiter implements RateLimiter {
  static final String PREFIX = "tl:rl:";

  static final String SCRIPT =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local window = tonumber(ARGV[1])
      local limit = tonumber(ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
      if redis.call('ZCARD', KEYS[1]) < limit then
        redis.call('ZADD', KEYS[1], now, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], window)
        return 0
      end
      local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
      local wait = tonumber(oldest[2]) + window - now
      if wait < 1 then wait = 1 end
      return wait
      """;

  private final RedisAsyncCommands<String, String> redis;
  private final String sha;
  private final String window;
  private final String limit;
  private final RedisFailures failures;
  // Sorted-set members must be unique even for two events in the same millisecond.
  private final String memberPrefix = UUID.randomUUID().toString().substring(0, 8) + ":";
  private final AtomicLong sequence = new AtomicLong();

  public RedisRateLimiter(
      RedisAsyncCommands<String, String> redis,
      int limit,
      Duration window,
      RedisFailures failures) {
    this.redis = redis;
    this.sha = redis.digest(SCRIPT);
    this.window = Long.toString(window.toMillis());
    this.limit = Integer.toString(limit);
    this.failures = failures;
  }

  @Override
  public Mono<RateLimitDecision> acquire(String key) {
    String[] keys = {PREFIX + key};
    String member = memberPrefix + sequence.incrementAndGet();
    return Mono.fromCompletionStage(
            () -> redis.<Long>evalsha(sha, ScriptOutputType.INTEGER, keys, window, limit, member))
        .onErrorResume(
            RedisNoScriptException.class,
            e ->
                // First use, or Redis restarted and lost its script cache.
                Mono.fromCompletionStage(
                    () ->
                        redis.<Long>eval(
                            SCRIPT, ScriptOutputType.INTEGER, keys, window, limit, member)))
        .map(
            wait ->
                wait == 0
                    ? RateLimitDecision.allowed(() -> refund(keys[0], member))
                    : RateLimitDecision.denied(wait))
        .onErrorResume(
            e -> {
              failures.record("rate limit", e);
              return Mono.just(RateLimitDecision.ALLOWED);
            });
  }

  private void refund(String key, String member) {
    failures.watch("rate limit refund", redis.zrem(key, member));
  }
}
