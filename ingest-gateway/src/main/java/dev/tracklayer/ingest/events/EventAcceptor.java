package dev.tracklayer.ingest.events;

import dev.tracklayer.ingest.dedup.DedupIndex;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.events.IngestMetrics.Endpoint;
import dev.tracklayer.ingest.events.IngestMetrics.Outcome;
import dev.tracklayer.ingest.kafka.EventWriter;
import dev.tracklayer.ingest.kafka.KafkaProperties;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The path every valid event takes, from either endpoint: reserve (merchant_id, event_id) in the
 * dedup index, write to Kafka, and release the reservation if Kafka did not take it, so that the
 * client's retry is accepted instead of refused as a duplicate.
 */
@Component
public class EventAcceptor {
  private final DedupIndex dedup;
  private final EventWriter writer;
  private final IngestMetrics metrics;
  private final IngestException kafkaUnavailable;

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
  }

  /**
   * Completes empty once Kafka has acknowledged the event, on {@code replyOn}.
   *
   * @param value the event record's JSON
   */
  public Mono<Void> accept(
      Endpoint endpoint, String merchantId, String eventId, byte[] value, Executor replyOn) {
    String key = merchantId + ":" + eventId;
    return dedup
        .reserve(key)
        .flatMap(
            reserved -> {
              if (!reserved) {
                return Mono.error(IngestException.duplicate());
              }
              return Mono.<Void>create(
                  sink ->
                      writer.write(
                          key.getBytes(StandardCharsets.UTF_8),
                          value,
                          failure -> {
                            // Done here rather than downstream: a client that hung up must not
                            // leave a reservation behind for an event Kafka never got.
                            if (failure != null) {
                              dedup.release(key);
                              metrics.count(endpoint, Outcome.FAILED);
                            } else {
                              metrics.count(endpoint, Outcome.ACCEPTED);
                            }
                            replyOn.execute(
                                () -> {
                                  if (failure == null) {
                                    sink.success();
                                  } else {
                                    sink.error(kafkaUnavailable);
                                  }
                                });
                          }));
            });
  }
}
