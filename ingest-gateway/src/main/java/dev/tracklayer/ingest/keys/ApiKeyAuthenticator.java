package dev.tracklayer.ingest.keys;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tracklayer.core.identity.Sha256;
import dev.tracklayer.ingest.database.DatabaseLookups;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Turns an {@code Authorization: Bearer tl_live_…} header into the key's merchant. Keys are looked
 * up by SHA-256 only; the secret is never stored, logged or used as a cache key.
 *
 * <p>Each replica caches what PostgreSQL said for at most {@code cacheTtl}, re-reads hot keys in
 * the background after half of it, and coalesces concurrent lookups of the same key into one query.
 * A revocation is announced by PostgreSQL and drops the key at once ({@link RevocationListener});
 * the lifetime bounds it when an announcement is missed.
 */
public class ApiKeyAuthenticator {
  /** tl_live_ or tl_test_ and a printable token: anything else is refused without a query. */
  static final Pattern FORMAT = Pattern.compile("^tl_(live|test)_[\\x21-\\x7e]{16,200}$");

  private final AsyncLoadingCache<String, Optional<ApiKey>> cache;
  private final LastUsedRecorder lastUsed;
  private final IngestException unavailable =
      IngestException.unavailable(
          ErrorCodes.AUTH_UNAVAILABLE,
          "the API key could not be checked right now; retry later",
          Duration.ofSeconds(5));

  public ApiKeyAuthenticator(
      ApiKeyRepository repository,
      LastUsedRecorder lastUsed,
      ApiKeyProperties props,
      DatabaseLookups database) {
    this.lastUsed = lastUsed;
    long positive = props.cacheTtl().toNanos();
    long negative = props.negativeCacheTtl().toNanos();
    AsyncCacheLoader<String, Optional<ApiKey>> loader =
        (hash, executor) -> database.lookup("API key", () -> repository.findActiveBySha256(hash));
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(props.maxCachedKeys())
            .expireAfter(
                new Expiry<String, Optional<ApiKey>>() {
                  @Override
                  public long expireAfterCreate(String k, Optional<ApiKey> v, long now) {
                    return v.isPresent() ? positive : negative;
                  }

                  @Override
                  public long expireAfterUpdate(String k, Optional<ApiKey> v, long now, long left) {
                    return v.isPresent() ? positive : negative;
                  }

                  @Override
                  public long expireAfterRead(String k, Optional<ApiKey> v, long now, long left) {
                    return left;
                  }
                })
            .refreshAfterWrite(props.cacheTtl().dividedBy(2))
            .executor(Runnable::run)
            .buildAsync(loader);
  }

  public Mono<ApiKey> authenticate(String authorization) {
    String token = bearerToken(authorization);
    if (token == null) {
      return Mono.error(IngestException.missingApiKey());
    }
    if (!FORMAT.matcher(token).matches()) {
      return Mono.error(IngestException.invalidApiKey());
    }
    CompletableFuture<Optional<ApiKey>> lookup = cache.get(Sha256.hex(token));
    if (lookup.isDone() && !lookup.isCompletedExceptionally()) {
      // The cache hit of nearly every request: answered without building a reactive chain.
      return verdict(lookup.join());
    }
    return Mono.fromFuture(lookup).onErrorMap(e -> unavailable).flatMap(this::verdict);
  }

  /** Drops every cached lookup that found this key (its revocation was announced). */
  public void forget(String keyId) {
    cache
        .synchronous()
        .asMap()
        .values()
        .removeIf(found -> found.isPresent() && found.get().id().equals(keyId));
  }

  private Mono<ApiKey> verdict(Optional<ApiKey> found) {
    if (found.isEmpty()) {
      return Mono.error(IngestException.invalidApiKey());
    }
    ApiKey key = found.get();
    if (!key.merchantActive()) {
      return Mono.error(
          new IngestException(
              HttpStatus.FORBIDDEN,
              ErrorCodes.MERCHANT_SUSPENDED,
              "the merchant of this API key is suspended"));
    }
    lastUsed.touch(key.id());
    return Mono.just(key);
  }

  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String h = authorization.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = h.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
