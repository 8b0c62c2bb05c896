package dev.tracklayer.ingest.database;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the gateway's PostgreSQL lookups (API keys, merchants) off the event loops, each bounded in
 * time: a database that hangs instead of refusing connections still answers the client with a 503
 * within the timeout, not after the pool's or the socket's much longer waits, or never.
 */
public class DatabaseLookups {
  private final Executor jdbc;
  private final long timeoutMillis;

  public DatabaseLookups(Executor jdbc, Duration timeout) {
    this.jdbc = jdbc;
    this.timeoutMillis = timeout.toMillis();
  }

  /** The query's result; failed when it throws, times out, or its queue is full. */
  public <T> CompletableFuture<T> lookup(Supplier<T> query) {
    try {
      return CompletableFuture.supplyAsync(query, jdbc)
          .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
