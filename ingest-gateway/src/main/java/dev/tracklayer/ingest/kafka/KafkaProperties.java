package dev.tracklayer.ingest.kafka;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The producer that makes accepted events durable.
 *
 * @param topic where events go; the pipeline reads {@code events.raw}
 * @param linger how long a record may wait for company in a batch. Zero by default: any wait here
 *     is added to every response at low concurrency.
 * @param maxInFlight produce requests the producer may have outstanding. One by default: a group
 *     commit without a timer. Whatever arrives during a round trip goes out together in the next
 *     request, so the broker handles few large requests instead of one per event; on this class of
 *     box that gave ~40 % more events/s to a closed loop of 16 clients than five did.
 * @param requestTimeout how long one produce request may take before it is retried
 * @param deliveryTimeout the bound on a send including retries: after it the client gets 503
 * @param maxBlock the bound on {@code send()} itself when metadata is missing or the buffer full
 * @param retryAfter the Retry-After of a 503
 * @param healthInterval how often readiness asks the cluster
 * @param healthTimeout how long that question may take
 * @param producer extra producer settings, applied last
 * @param rejectionsTopic where requests refused with 400 are recorded (docs/ingest.md, "Quality
 *     signals"); the analytics rollup reads {@code events.rejected}
 * @param rejectionsBuffer rejection records that may wait for the producer; more are dropped
 * @param duplicatesTopic where copies answered 409 duplicate_event are recorded (docs/ingest.md,
 *     "Dedup (409)"); the API's live stream reads {@code events.duplicates}
 * @param duplicatesBuffer duplicate records that may wait for the producer; more are dropped
 */
@ConfigurationProperties("tracklayer.kafka")
public record KafkaProperties(
    @DefaultValue("127.0.0.1:9092") String bootstrapServers,
    @DefaultValue("events.raw") String topic,
    @DefaultValue("0ms") Duration linger,
    @DefaultValue("1") int maxInFlight,
    @DefaultValue("64KB") DataSize batchSize,
    @DefaultValue("none") String compressionType,
    @DefaultValue("2s") Duration requestTimeout,
    @DefaultValue("5s") Duration deliveryTimeout,
    @DefaultValue("2s") Duration maxBlock,
    @DefaultValue("5s") Duration retryAfter,
    @DefaultValue("5s") Duration healthInterval,
    @DefaultValue("2s") Duration healthTimeout,
    Map<String, String> producer,
    @DefaultValue("events.rejected") String rejectionsTopic,
    @DefaultValue("1000") int rejectionsBuffer,
    @DefaultValue("events.duplicates") String duplicatesTopic,
    @DefaultValue("1000") int duplicatesBuffer) {

  public KafkaProperties {
    producer = producer == null ? Map.of() : Map.copyOf(producer);
  }
}
