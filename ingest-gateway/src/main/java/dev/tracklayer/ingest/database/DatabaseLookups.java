package dev.tracklayer.ingest.database;

import dev.tracklayer.ingest.errors.ThrottledWarning;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Runs the gateway's PostgreSQL lookups (API keys, merchants) off the event loops, each bounded in
 * time: a database that hangs instead of refusing connections still answers the client with a 503
 * within the timeout, not after the pool's or the socket's much longer waits, or never. Failures
 * are logged here, at most one line per interval for all lookups: they fail together.
 */
public class DatabaseLookups {
  private static final ThrottledWarning DATABASE_DOWN =
      new ThrottledWarning(LoggerFactory.getLogger(DatabaseLookups.class));

  private final Executor jdbc;
  private final long timeoutMillis;

  public DatabaseLookups(Executor jdbc, Duration timeout) {
    this.jdbc = jdbc;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * The query's result; failed when it throws, times out, or its queue is full.
   *
   * @param what what is looked up, for the log: "API key", "merchant"
   */
  public <T> CompletableFuture<T> lookup(String what, Supplier<T> query) {
    CompletableFuture<T> result;
    try {
      result =
          CompletableFuture.supplyAsync(query, jdbc)
              .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete(
        (found, e) -> {
          if (e != null) {
            DATABASE_DOWN.warn(what + " lookups fail; answering 503 auth_unavailable", e);
          }
        });
  }
}
