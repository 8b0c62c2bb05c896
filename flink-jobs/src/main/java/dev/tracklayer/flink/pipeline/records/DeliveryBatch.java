package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.destinations.Outcome;
import dev.tracklayer.core.destinations.OutcomeKind;
import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Events of one merchant's connection, for one platform request; each keeps its own status. */
public class DeliveryBatch {
  public ConnectionConfig connection;
  public List<TrackEvent> events = new ArrayList<>();

  /** Set on a batch without events (an auth error handed on by the fast path). */
  public String merchantId;

  /**
   * The first attempt's answer when the fast path already sent it (attempts 1), which the keyed
   * operator records as the connection's failure; attempts 0 for a batch never sent.
   */
  public int attempts;

  public int firstStatus;
  public String firstError;
  public long firstRetryAfterMillis = -1;
  public boolean firstAuthError;

  /** The newest connection state routing knew of for the batch's tasks (see DeliveryTask). */
  public long signalVersion;

  public boolean signalWaiting;

  /**
   * When the fast path marked the connection waiting on this batch's answer (epoch millis): the
   * keyed operator's later states are versioned above it.
   */
  public long markedAt;

  public DeliveryBatch() {}

  public DeliveryBatch(ConnectionConfig connection, List<TrackEvent> events) {
    this.connection = connection;
    this.events = new ArrayList<>(events);
  }

  /** Marks this batch as tried once, with that answer. */
  public void tried(Outcome o, boolean authError) {
    attempts = 1;
    firstStatus = o.httpStatus();
    firstError = o.message();
    firstRetryAfterMillis = o.retryAfter() == null ? -1 : o.retryAfter().toMillis();
    firstAuthError = authError;
  }

  /** The first attempt's answer, as the adapter classified it. */
  public Outcome firstOutcome() {
    return new Outcome(
        firstAuthError ? OutcomeKind.FAILED : OutcomeKind.RETRY,
        firstStatus,
        firstError,
        firstRetryAfterMillis < 0 ? null : Duration.ofMillis(firstRetryAfterMillis),
        firstAuthError);
  }
}
