package dev.tracklayer.ingest.dedup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** A bounded index in this process: right for one gateway replica, not shared across replicas. */
public class InMemoryDedupIndex implements DedupIndex {
  private static final Mono<Boolean> RESERVED = Mono.just(true);
  private static final Mono<Boolean> TAKEN = Mono.just(false);

  private final ConcurrentMap<String, Boolean> entries;

  public InMemoryDedupIndex(Duration window, long maxEntries) {
    Cache<String, Boolean> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(window)
            .maximumSize(maxEntries)
            // Eviction bookkeeping on the caller keeps it off the tiny common pool of 2 cores.
            .executor(Runnable::run)
            .build();
    this.entries = cache.asMap();
  }

  @Override
  public Mono<Boolean> reserve(String key) {
    return entries.putIfAbsent(key, Boolean.TRUE) == null ? RESERVED : TAKEN;
  }

  @Override
  public void release(String key) {
    entries.remove(key);
  }
}
