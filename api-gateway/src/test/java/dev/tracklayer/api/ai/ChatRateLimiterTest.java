package dev.tracklayer.api.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChatRateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ChatRateLimiter limiter = new ChatRateLimiter(3, Duration.ofMinutes(1), now::get);

  @Test
  void admitsTheLimitPerSlidingWindowAndSaysWhenToComeBack() {
    UUID merchant = UUID.randomUUID();
    assertThat(limiter.admit(merchant)).isNull();
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    assertThat(limiter.admit(merchant)).isNull();
    assertThat(limiter.admit(merchant)).isNull();
    assertThat(limiter.admit(merchant)).isEqualTo(Duration.ofSeconds(40));
    // The first request leaves the window after 60 s: one more, then full again.
    now.addAndGet(Duration.ofSeconds(40).toNanos());
    assertThat(limiter.admit(merchant)).isNull();
    assertThat(limiter.admit(merchant)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void eachMerchantHasItsOwnWindow() {
    UUID a = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.admit(a)).isNull();
    }
    assertThat(limiter.admit(a)).isNotNull();
    assertThat(limiter.admit(UUID.randomUUID())).isNull();
  }
}
