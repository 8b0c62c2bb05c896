package dev.tracklayer.flink.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A customer's funnel starts, kept from events in any order the lateness allows (and folded as they
 * age), answer for every window start what the analytics check's greedy pass over the raw events
 * gives: the furthest stage reached in order among the events at or after that start.
 */
class FunnelProgressTest {
  private static final long LATENESS = 600;

  record Event(long second, int stage, long received, double order) {}

  /** The check's rule: events from {@code start} by (second, stage), each next stage in turn. */
  private static int greedy(List<Event> events, long start) {
    int level = 0;
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Event::second).thenComparingInt(Event::stage));
    for (Event e : sorted) {
      if (e.second() >= start && level < 6 && e.stage() == level + 1) {
        level++;
      }
    }
    return level;
  }

  private static int reached(long[] starts, long start) {
    int level = 0;
    for (long s : starts) {
      if (s != 0 && s >= start) {
        level++;
      }
    }
    return level;
  }

  @Test
  void startsAnswerEveryWindowAsTheGreedyPassOverTheRawEventsDoes() {
    Random r = new Random(6);
    for (int run = 0; run < 3000; run++) {
      long t0 = 1_800_000_000L;
      int n = 1 + r.nextInt(25);
      long span = 1 + r.nextInt(r.nextBoolean() ? 120 : 20_000);
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long second = t0 + (long) (r.nextDouble() * span);
        // Earlier stages more often; now and then a copy the pipeline sent twice.
        int stage = 1 + Math.min(r.nextInt(6), r.nextInt(6));
        long received = second + r.nextInt((int) LATENESS + 1);
        events.add(new Event(second, stage, received, received + r.nextDouble() * LATENESS));
        if (r.nextInt(10) == 0) {
          events.add(new Event(second, stage, received, received + r.nextDouble() * LATENESS));
        }
      }
      // Arrival: by received_at, shuffled within the lateness.
      List<Event> arrival = new ArrayList<>(events);
      arrival.sort(Comparator.comparingDouble(Event::order));
      FunnelProgress p = new FunnelProgress();
      for (Event e : arrival) {
        assertThat(p.add(e.second(), e.stage(), e.received(), 2 * LATENESS)).isTrue();
      }
      long[] starts = p.starts();
      for (long start = t0 - 1; start <= t0 + span + 1; start += Math.max(1, span / 200)) {
        assertThat(reached(starts, start))
            .as("run %d, start %d, events %s", run, start, events)
            .isEqualTo(greedy(events, start));
      }
      for (Event e : events) {
        assertThat(reached(starts, e.second())).isEqualTo(greedy(events, e.second()));
      }
    }
  }

  /**
   * One key that a flood of events shares (a placeholder email) keeps a bounded number of them, and
   * its starts stay those of the greedy pass over the events it kept.
   */
  @Test
  void aKeyThatManyEventsShareKeepsABoundedNumberOfThem() {
    FunnelProgress p = new FunnelProgress();
    long t = 1_800_000_000L;
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      // 40 a second, within one lateness, each second a page view to a purchase in turn.
      long second = t + i / 40;
      int stage = 1 + i % 6;
      events.add(new Event(second, stage, second, 0));
      assertThat(p.add(second, stage, second, 2 * LATENESS)).isTrue();
      assertThat(p.open.length).isLessThanOrEqualTo(FunnelProgress.MAX_OPEN + 6);
    }
    long[] starts = p.starts();
    long last = t + (100_000 - 1) / 40;
    // The latest run through each stage starts in the last second: every second holds one.
    assertThat(starts).containsExactly(last, last, last, last, last, last);
    assertThat(reached(starts, last)).isEqualTo(greedy(events, last));
    // An event from before the line the flood moved is refused, as one beyond the lateness is.
    assertThat(p.add(t, 1, last, 2 * LATENESS)).isFalse();
  }

  @Test
  void anEventOlderThanTheFoldLineIsRefusedAndChangesNothing() {
    FunnelProgress p = new FunnelProgress();
    long t = 1_800_000_000L;
    assertThat(p.add(t, 1, t, 2 * LATENESS)).isTrue();
    assertThat(p.add(t + 5000, 2, t + 5000, 2 * LATENESS)).isTrue();
    long[] before = p.starts();
    assertThat(before).containsExactly(t, t, 0, 0, 0, 0);
    // A page view 2 h before the newest received_at, arriving now: it can no longer be placed.
    assertThat(p.add(t + 5000 - 2 * LATENESS - 1, 1, t + 5000 - LATENESS, 2 * LATENESS)).isFalse();
    assertThat(p.starts()).containsExactly(before);
  }
}
