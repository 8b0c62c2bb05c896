package dev.tracklayer.flink.rollup;

import java.time.Duration;

/** Polls an assertion until it holds or the time is up (then rethrows its last failure). */
final class Eventually {
  private Eventually() {}

  static void eventually(Duration timeout, ThrowingRunnable assertion) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
