package dev.tracklayer.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryDedupIndexTest {
  final InMemoryDedupIndex index = new InMemoryDedupIndex(Duration.ofHours(24), 1000);

  @Test
  void aKeyIsReservedOnceUntilReleased() {
    assertThat(index.reserve("m:e1").block()).isTrue();
    assertThat(index.reserve("m:e1").block()).isFalse();
    assertThat(index.reserve("m:e2").block()).isTrue();
    index.release("m:e1");
    assertThat(index.reserve("m:e1").block()).isTrue();
  }

  @Test
  void exactlyOneOfManyConcurrentReservationsWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 50; round++) {
        String key = "m:race-" + round;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger winners = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(16);
        for (int t = 0; t < 16; t++) {
          pool.execute(
              () -> {
                try {
                  start.await();
                  if (index.reserve(key).block()) {
                    winners.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  finished.countDown();
                }
              });
        }
        start.countDown();
        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(winners.get()).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
