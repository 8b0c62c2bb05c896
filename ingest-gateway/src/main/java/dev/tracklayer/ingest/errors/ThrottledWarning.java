package dev.tracklayer.ingest.errors;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval: when a dependency is down, every request fails the
 * same way, and one line per request would bury everything else in the log.
 */
public final class ThrottledWarning {
  private static final long EVERY_NANOS = 10_000_000_000L;

  private final Logger log;
  private final AtomicLong last = new AtomicLong(System.nanoTime() - EVERY_NANOS);

  public ThrottledWarning(Logger log) {
    this.log = log;
  }

  public void warn(String message, Throwable error) {
    if (due()) {
      Throwable cause = error;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      log.warn("{}: {}", message, cause.toString());
    }
  }

  /**
   * A bug's stack trace, at most once per interval: whatever input set it off can be sent again and
   * again, and each trace is kilobytes of log.
   */
  public void error(String message, Throwable error) {
    if (due()) {
      log.error(message, error);
    }
  }

  private boolean due() {
    long now = System.nanoTime();
    long previous = last.get();
    return now - previous >= EVERY_NANOS && last.compareAndSet(previous, now);
  }
}
