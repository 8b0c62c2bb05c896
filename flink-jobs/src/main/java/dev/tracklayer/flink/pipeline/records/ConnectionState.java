package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.ConnectionConfig;

/**
 * Keyed state of one (merchant, connection) whose deliveries must wait: its breaker and its backlog
 * (the waiting deliveries themselves are entries {@code head ≤ seq < tail} of a map state, in event
 * order, with holes where some were settled out of order). A connection without waiting deliveries
 * and a closed breaker has no state at all, so the common case costs no state access.
 */
public class ConnectionState {
  /** Breaker closed: requests go out as the backlog's backoff allows. */
  public static final String CLOSED = "closed";

  /** Breaker open: new events are parked, one probe at a time with backoff. */
  public static final String OPEN = "open";

  /** Paused for its credentials: parked, probed slowly until the merchant fixes the token. */
  public static final String AUTH_ERROR = "auth_error";

  public String merchantId;

  /** The newest snapshot of the connection: rotated credentials reach the backlog too. */
  public ConnectionConfig connection;

  public String status = CLOSED;

  /** When the breaker opened or the connection was paused (epoch millis); 0 while closed. */
  public long since;

  public int consecutiveFailures;

  /** When the backlog's next request may go (epoch millis). */
  public long nextAttemptAt;

  public long head;
  public long tail;

  /** Waiting deliveries (entries between head and tail). */
  public long backlog;

  public String lastError = "";

  /** The breaker's open/probe request count since it opened, for the probes' backoff. */
  public int probes;

  /** The breaker closed after being open: the backlog drains at the platform's drain rate. */
  public boolean recovering;

  /** When this connection's health was last published (epoch millis). */
  public long publishedAt;

  public String publishedStatus = "";

  public ConnectionState() {}

  public boolean isPaused() {
    return !CLOSED.equals(status);
  }
}
