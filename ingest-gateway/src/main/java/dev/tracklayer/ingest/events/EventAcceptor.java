package dev.tracklayer.ingest.events;

import dev.tracklayer.ingest.dedup.DedupIndex;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.events.IngestMetrics.Endpoint;
import dev.tracklayer.ingest.events.IngestMetrics.Outcome;
import dev.tracklayer.ingest.kafka.EventWriter;
import dev.tracklayer.ingest.kafka.KafkaProperties;
import dev.tracklayer.ingest.quota.Ticket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The path every valid event takes, from either endpoint: reserve (merchant_id, event_id) in the
 * dedup index, write to Kafka, and release the reservation if Kafka did not take it, so that the
 * client's retry is accepted instead of refused as a duplicate.
 *
 * <p>A copy of an event that this replica is still reserving or writing waits for that first
 * request: 409 once Kafka has the first copy, 503 if it did not get it. A copy of one still in
 * flight on another replica (Redis says so) gets 503 at once. Answered 409, a client that timed out
 * and retried would drop an event that Kafka then failed to take.
 */
@Component
public class EventAcceptor {
  private final DedupIndex dedup;
  private final EventWriter writer;
  private final IngestMetrics metrics;
  private final IngestException kafkaUnavailable;
  private final IngestException inProgress;

  /**
   * This replica's events between reservation and Kafka's verdict, by key; each completes with
   * whether the event is taken (in Kafka, or reserved before).
   */
  private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

  public EventAcceptor(
      DedupIndex dedup, EventWriter writer, IngestMetrics metrics, KafkaProperties kafka) {
    this.dedup = dedup;
    this.writer = writer;
    this.metrics = metrics;
    this.kafkaUnavailable =
        IngestException.unavailable(
            ErrorCodes.KAFKA_UNAVAILABLE,
            "the event could not be stored; retry later with the same event_id",
            kafka.retryAfter());
    this.inProgress =
        IngestException.unavailable(
            ErrorCodes.KAFKA_UNAVAILABLE,
            "an earlier copy of this event is still being stored; retry later with the same"
                + " event_id",
            kafka.retryAfter());
  }

  /**
   * Completes empty once Kafka has acknowledged the event, on {@code replyOn}.
   *
   * @param value the event record's JSON
   */
  public Mono<Void> accept(
      Endpoint endpoint, String merchantId, String eventId, byte[] value, Executor replyOn) {
    return accept(endpoint, merchantId, eventId, value, replyOn, Ticket.NONE);
  }

  /**
   * As above, settling the event's quota ticket with Kafka's verdict: {@link Ticket#accepted()}
   * with the 202, {@link Ticket#released()} for a copy (409) or a failure (503).
   */
  public Mono<Void> accept(
      Endpoint endpoint,
      String merchantId,
      String eventId,
      byte[] value,
      Executor replyOn,
      Ticket ticket) {
    String key = merchantId + ":" + eventId;
    return Mono.defer(
        () -> {
          CompletableFuture<Boolean> stored = new CompletableFuture<>();
          CompletableFuture<Boolean> first = inFlight.putIfAbsent(key, stored);
          if (first != null) {
            ticket.released(); // a copy: 409 or 503, never counted
            return afterFirst(endpoint, first, replyOn);
          }
          // Not cancelled with the request: once the body is in, a client that hangs up can
          // leave neither a reservation without its write nor a write without its verdict. A
          // Sinks.One, unlike a MonoSink, takes an answer nobody awaits any more without logging
          // it as dropped.
          Sinks.One<Void> answer = Sinks.one();
          dedup
              .reserve(key)
              .subscribe(
                  found -> {
                    switch (found) {
                      case RESERVED -> write(endpoint, key, value, stored, replyOn, answer, ticket);
                      case TAKEN -> {
                        ticket.released();
                        settle(key, stored, true); // our waiters are duplicates too
                        answer.tryEmitError(IngestException.duplicate());
                      }
                      case PENDING -> {
                        // Another replica's write: its verdict cannot be awaited here.
                        ticket.released();
                        settle(key, stored, false);
                        metrics.count(endpoint, Outcome.FAILED);
                        answer.tryEmitError(inProgress);
                      }
                    }
                  },
                  error -> {
                    ticket.released();
                    settle(key, stored, false);
                    answer.tryEmitError(error);
                  });
          return answer.asMono();
        });
  }

  /** Ends the first request's turn: later copies of the event get their answer from it. */
  private void settle(String key, CompletableFuture<Boolean> stored, boolean taken) {
    inFlight.remove(key, stored);
    stored.complete(taken);
  }

  private void write(
      Endpoint endpoint,
      String key,
      byte[] value,
      CompletableFuture<Boolean> stored,
      Executor replyOn,
      Sinks.One<Void> answer,
      Ticket ticket) {
    writer.write(
        key.getBytes(StandardCharsets.UTF_8),
        value,
        failure -> {
          if (failure != null) {
            ticket.released();
            dedup.release(key);
            metrics.count(endpoint, Outcome.FAILED);
            settle(key, stored, false);
            replyOn.execute(() -> answer.tryEmitError(kafkaUnavailable));
            return;
          }
          metrics.count(endpoint, Outcome.ACCEPTED);
          ticket.accepted();
          dedup
              .commit(key)
              .whenComplete(
                  (ignored, e) -> {
                    settle(key, stored, true);
                    replyOn.execute(answer::tryEmitEmpty);
                  });
        });
  }

  /** 409 once the first copy is in Kafka (or was before), 503 if its write failed. */
  private Mono<Void> afterFirst(
      Endpoint endpoint, CompletableFuture<Boolean> first, Executor replyOn) {
    return Mono.fromFuture(first.thenApplyAsync(taken -> taken, replyOn), true)
        .flatMap(
            taken -> {
              if (taken) {
                return Mono.error(IngestException.duplicate());
              }
              metrics.count(endpoint, Outcome.FAILED);
              return Mono.error(kafkaUnavailable);
            });
  }
}
