package dev.tracklayer.ingest.dedup;

import static dev.tracklayer.ingest.dedup.DedupIndex.Reservation.RESERVED;
import static dev.tracklayer.ingest.dedup.DedupIndex.Reservation.TAKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class InMemoryDedupIndexTest {
  final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  final InMemoryDedupIndex index = new InMemoryDedupIndex(Duration.ofHours(24), 1000, now::get);

  @Test
  void aKeyIsReservedOnceUntilReleased() {
    assertThat(index.reserve("m:e1").block()).isEqualTo(RESERVED);
    assertThat(index.reserve("m:e1").block()).isEqualTo(TAKEN);
    assertThat(index.reserve("m:e2").block()).isEqualTo(RESERVED);
    index.release("m:e1");
    assertThat(index.reserve("m:e1").block()).isEqualTo(RESERVED);
    assertThat(index.reserve("m:e2").block()).isEqualTo(TAKEN);
  }

  @Test
  void aKeyIsFreeAgainWhenTheWindowHasPassed() {
    assertThat(index.reserve("m:e1").block()).isEqualTo(RESERVED);
    now.addAndGet(Duration.ofHours(24).toMillis() - 1);
    assertThat(index.reserve("m:e1").block()).isEqualTo(TAKEN);
    now.addAndGet(1);
    assertThat(index.reserve("m:e1").block()).isEqualTo(RESERVED);
    assertThat(index.reserve("m:e1").block()).as("taken anew for another window").isEqualTo(TAKEN);
  }

  @Test
  void aFullIndexGivesUpItsOldestEntry() {
    InMemoryDedupIndex small = new InMemoryDedupIndex(Duration.ofHours(24), 3, now::get);
    for (String key : List.of("m:a", "m:b", "m:c", "m:d")) {
      assertThat(small.reserve(key).block()).isEqualTo(RESERVED);
    }
    assertThat(small.reserve("m:b").block()).isEqualTo(TAKEN);
    assertThat(small.reserve("m:c").block()).isEqualTo(TAKEN);
    assertThat(small.reserve("m:d").block()).isEqualTo(TAKEN);
    assertThat(small.reserve("m:a").block()).as("evicted, the oldest").isEqualTo(RESERVED);
  }

  @Test
  void itsMemoryIsTheWindowUntilItGivesUpAnEntryThenItsOldestEntrysAge() {
    InMemoryDedupIndex small = new InMemoryDedupIndex(Duration.ofHours(24), 3, now::get);
    for (String key : List.of("m:a", "m:b", "m:c")) {
      small.reserve(key).block();
      assertThat(small.memorySeconds()).isEqualTo(86_400);
      now.addAndGet(60_000);
    }
    small.reserve("m:d").block(); // gives up m:a, reserved three minutes ago
    assertThat(small.memorySeconds()).isEqualTo(180);
    small.release("m:b"); // a released entry is not forgotten early
    now.addAndGet(60_000);
    assertThat(small.memorySeconds()).isEqualTo(240);
    now.addAndGet(Duration.ofHours(25).toMillis());
    assertThat(small.memorySeconds()).as("never more than the window").isEqualTo(86_400);
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
                  if (index.reserve(key).block() == RESERVED) {
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

  /** One step: reserve or release a key from a small set, after some time has passed. */
  record Op(boolean release, int key, long advanceMillis) {}

  /**
   * The arrays and probe runs give the answers of the plain definition: a key is taken while its
   * reservation is younger than the window, was not released, and is not among the entries pushed
   * out by the last {@code capacity} reservations. Few keys and a small index make collisions of
   * probe runs, removals inside runs and wrap-arounds common.
   */
  @Property(tries = 300)
  void answersAsTheDefinition(
      @ForAll @IntRange(min = 1, max = 40) int capacity,
      @ForAll @Size(min = 1, max = 600) List<@From("ops") Op> ops) {
    long window = 1_000;
    AtomicLong clock = new AtomicLong();
    InMemoryDedupIndex tested =
        new InMemoryDedupIndex(Duration.ofMillis(window), capacity, clock::get);
    Map<Integer, long[]> model = new HashMap<>(); // key -> {reservation number, time}
    long reservations = 0;
    for (Op op : ops) {
      clock.addAndGet(op.advanceMillis());
      String key = "m:" + op.key();
      long[] entry = model.get(op.key());
      boolean held =
          entry != null && entry[0] > reservations - capacity && clock.get() - entry[1] < window;
      if (op.release()) {
        tested.release(key);
        model.remove(op.key());
      } else {
        assertThat(tested.reserve(key).block())
            .as("%s after %s", key, op)
            .isEqualTo(held ? TAKEN : RESERVED);
        if (!held) {
          model.put(op.key(), new long[] {++reservations, clock.get()});
        }
      }
    }
  }

  @Provide
  Arbitrary<Op> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 9).map(n -> n == 0),
            Arbitraries.integers().between(0, 60),
            Arbitraries.longs().between(0, 120))
        .as(Op::new);
  }
}
