package dev.tracklayer.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {
  final AtomicLong now = new AtomicLong(1_000_000);
  final InMemoryRateLimiter limiter =
      new InMemoryRateLimiter(30, Duration.ofSeconds(60), 1000, now::get);

  RateLimitDecision acquire(String key) {
    return limiter.acquire(key).block();
  }

  @Test
  void thirtyPerSixtySecondsThenWaitForTheOldestToLeaveTheWindow() {
    for (int i = 0; i < 30; i++) {
      assertThat(acquire("m|1.2.3.4").allowed()).isTrue();
      now.addAndGet(1000); // one per second: the first was at t0, the 30th at t0+29 s
    }
    RateLimitDecision refused = acquire("m|1.2.3.4"); // at t0+30 s
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));

    now.addAndGet(30_000); // t0+60 s: the first one has left the window, only it
    assertThat(acquire("m|1.2.3.4").allowed()).isTrue();
    RateLimitDecision next = acquire("m|1.2.3.4");
    assertThat(next.allowed()).isFalse();
    assertThat(next.retryAfter()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void noDoubleBurstAcrossAWindowBoundary() {
    for (int i = 0; i < 30; i++) {
      assertThat(acquire("k").allowed()).isTrue();
    }
    now.addAndGet(59_999);
    assertThat(acquire("k").allowed()).isFalse();
    now.addAndGet(1);
    for (int i = 0; i < 30; i++) {
      assertThat(acquire("k").allowed()).isTrue();
    }
    assertThat(acquire("k").allowed()).isFalse();
  }

  @Test
  void aRefundedSlotIsFreeAgainAndADenialHasNoneToGive() {
    RateLimitDecision tenth = null;
    for (int i = 0; i < 30; i++) {
      RateLimitDecision d = acquire("k");
      assertThat(d.allowed()).isTrue();
      if (i == 9) {
        tenth = d;
      }
      now.addAndGet(1000);
    }
    RateLimitDecision denied = acquire("k");
    assertThat(denied.allowed()).isFalse();
    denied.refund().run();
    assertThat(acquire("k").allowed()).isFalse();

    tenth.refund().run();
    assertThat(acquire("k").allowed()).isTrue();
    RateLimitDecision next = acquire("k");
    assertThat(next.allowed()).isFalse();
    // The first event, at t0, is still the oldest: it leaves the window at t0+60 s.
    assertThat(next.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void keysAreIndependent() {
    for (int i = 0; i < 30; i++) {
      acquire("a");
    }
    assertThat(acquire("a").allowed()).isFalse();
    assertThat(acquire("b").allowed()).isTrue();
  }
}
