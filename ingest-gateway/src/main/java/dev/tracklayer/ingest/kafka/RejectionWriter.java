package dev.tracklayer.ingest.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Producer;

/**
 * Requests refused with 400 on the rejections topic, keyed by merchant (docs/ingest.md, "Quality
 * signals"): {@code tracklayer_ingest_rejections_total{outcome=written|dropped}}.
 */
public class RejectionWriter extends SignalWriter {
  public RejectionWriter(
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
        "tracklayer.ingest.rejections",
        "Records of refused requests for the rejections topic, by what became of them");
  }
}
