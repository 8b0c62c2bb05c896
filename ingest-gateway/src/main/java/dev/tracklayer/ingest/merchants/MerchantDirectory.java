package dev.tracklayer.ingest.merchants;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tracklayer.ingest.database.DatabaseLookups;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/** Answers "may the browser endpoint take events for this merchant?" from a bounded cache. */
public class MerchantDirectory {
  private static final Mono<Boolean> ACTIVE = Mono.just(true);
  private static final Mono<Boolean> INACTIVE = Mono.just(false);

  private final AsyncLoadingCache<String, Boolean> active;
  private final IngestException unavailable =
      IngestException.unavailable(
          ErrorCodes.AUTH_UNAVAILABLE,
          "the merchant could not be checked right now; retry later",
          Duration.ofSeconds(5));

  public MerchantDirectory(
      MerchantRepository repository, MerchantProperties props, DatabaseLookups database) {
    long positive = props.cacheTtl().toNanos();
    long negative = props.negativeCacheTtl().toNanos();
    AsyncCacheLoader<String, Boolean> loader =
        (id, executor) ->
            database.lookup(
                "merchant", () -> repository.findStatus(id).map("active"::equals).orElse(false));
    this.active =
        Caffeine.newBuilder()
            .maximumSize(props.maxCachedMerchants())
            .expireAfter(
                new Expiry<String, Boolean>() {
                  @Override
                  public long expireAfterCreate(String k, Boolean v, long now) {
                    return v ? positive : negative;
                  }

                  @Override
                  public long expireAfterUpdate(String k, Boolean v, long now, long left) {
                    return v ? positive : negative;
                  }

                  @Override
                  public long expireAfterRead(String k, Boolean v, long now, long left) {
                    return left;
                  }
                })
            .refreshAfterWrite(props.cacheTtl().dividedBy(2))
            .executor(Runnable::run)
            .buildAsync(loader);
  }

  /** True for an existing, active merchant; {@code merchantId} is a lower-case UUID. */
  public Mono<Boolean> isActive(String merchantId) {
    CompletableFuture<Boolean> lookup = active.get(merchantId);
    if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
      return lookup.join() ? ACTIVE : INACTIVE;
    }
    return Mono.fromFuture(lookup).onErrorMap(e -> unavailable);
  }
}
