package dev.tracklayer.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracklayer.core.identity.Sha256;
import dev.tracklayer.ingest.database.DatabaseLookups;
import dev.tracklayer.ingest.errors.IngestException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ApiKeyAuthenticatorTest {
  static final String SECRET = "tl_live_0123456789abcdef0123";
  static final ApiKey KEY = new ApiKey("k1", "m1", true);

  final AtomicInteger queries = new AtomicInteger();
  final List<String> queried = new ArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);
  final ExecutorService jdbc = Executors.newFixedThreadPool(4);
  volatile boolean slow;

  /** A repository that knows one key and counts how often it is asked. */
  final ApiKeyRepository repository =
      new ApiKeyRepository(null) {
        @Override
        public Optional<ApiKey> findActiveBySha256(String sha256Hex) {
          queries.incrementAndGet();
          synchronized (queried) {
            queried.add(sha256Hex);
          }
          if (slow) {
            try {
              release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return sha256Hex.equals(Sha256.hex(SECRET)) ? Optional.of(KEY) : Optional.empty();
        }
      };

  final ApiKeyAuthenticator keys = authenticator(Duration.ofSeconds(3));

  ApiKeyAuthenticator authenticator(Duration lookupTimeout) {
    return new ApiKeyAuthenticator(
        repository,
        new LastUsedRecorder(repository, Clock.systemUTC()),
        new ApiKeyProperties(
            Duration.ofSeconds(15), Duration.ofSeconds(5), 1000, Duration.ofSeconds(30)),
        new DatabaseLookups(jdbc, lookupTimeout));
  }

  @AfterEach
  void stop() {
    jdbc.shutdownNow();
  }

  @Test
  void bearerTokenParsing() {
    assertThat(ApiKeyAuthenticator.bearerToken("Bearer abc")).isEqualTo("abc");
    assertThat(ApiKeyAuthenticator.bearerToken("bearer   abc ")).isEqualTo("abc");
    assertThat(ApiKeyAuthenticator.bearerToken("Basic abc")).isNull();
    assertThat(ApiKeyAuthenticator.bearerToken("Bearer")).isNull();
    assertThat(ApiKeyAuthenticator.bearerToken(null)).isNull();
  }

  @Test
  void malformedKeysAreRefusedWithoutAQuery() {
    for (String token :
        new String[] {
          "abc", "tl_live_short", "sk_live_0123456789abcdef0123", "tl_live_has space inside!!"
        }) {
      assertThatThrownBy(() -> keys.authenticate("Bearer " + token).block())
          .isInstanceOfSatisfying(
              IngestException.class, e -> assertThat(e.code()).isEqualTo("invalid_api_key"));
    }
    assertThat(queries).hasValue(0);
  }

  @Test
  void keysAreLookedUpByHashAndCachedBothWays() {
    assertThat(keys.authenticate("Bearer " + SECRET).block()).isEqualTo(KEY);
    assertThat(keys.authenticate("Bearer " + SECRET).block()).isEqualTo(KEY);
    String unknown = "tl_live_ffffffffffffffffffff";
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> keys.authenticate("Bearer " + unknown).block())
          .isInstanceOf(IngestException.class);
    }
    assertThat(queries).hasValue(2);
    // Only digests reach the database.
    assertThat(queried).containsExactlyInAnyOrder(Sha256.hex(SECRET), Sha256.hex(unknown));
  }

  @Test
  void concurrentMissesOfOneKeyCostOneQuery() {
    slow = true;
    var all =
        Flux.range(0, 50)
            .flatMap(i -> keys.authenticate("Bearer " + SECRET), 50)
            .collectList()
            .toFuture();
    release.countDown();
    assertThat(all.join()).hasSize(50).containsOnly(KEY);
    assertThat(queries).hasValue(1);
  }

  @Test
  void aDatabaseThatHangsGets503WithinTheLookupTimeout() {
    slow = true; // the query waits for a release that never comes within the test
    ApiKeyAuthenticator impatient = authenticator(Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThatThrownBy(() -> impatient.authenticate("Bearer " + SECRET).block())
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("auth_unavailable");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    // Not remembered: once the database answers, the key works.
    slow = false;
    release.countDown();
    assertThat(impatient.authenticate("Bearer " + SECRET).block()).isEqualTo(KEY);
  }

  @Test
  void theCacheTtlMustStayUnderThirtySeconds() {
    assertThatThrownBy(
            () ->
                new ApiKeyProperties(
                    Duration.ofSeconds(30), Duration.ofSeconds(5), 10, Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
