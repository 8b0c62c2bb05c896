package dev.tracklayer.ingest.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Producer;

/**
 * Copies answered 409 {@code duplicate_event} on the duplicates topic, keyed {@code
 * <merchant_id>:<event_id>} (docs/ingest.md, "Dedup (409)"): {@code
 * tracklayer_ingest_duplicates_total{outcome=written|dropped}}.
 */
public class DuplicateWriter extends SignalWriter {
  public DuplicateWriter(
      Producer<byte[], byte[]> producer,
      String topic,
      int capacity,
      Executor blockingSends,
      MeterRegistry registry) {
    super(
        producer,
        topic,
        capacity,
        blockingSends,
        registry,
        "tracklayer.ingest.duplicates",
        "Records of copies answered 409 for the duplicates topic, by what became of them");
  }
}
