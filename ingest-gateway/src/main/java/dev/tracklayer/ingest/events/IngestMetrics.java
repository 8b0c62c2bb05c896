package dev.tracklayer.ingest.events;

import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code tracklayer_ingest_events_total{endpoint,outcome}}. Every counter is registered up front (a
 * dashboard sees zeros rather than gaps) and held in an array, so counting costs no lookup.
 */
@Component
public class IngestMetrics {

  public enum Endpoint {
    SERVER,
    BROWSER
  }

  public enum Outcome {
    /** Acknowledged by Kafka and answered 202. */
    ACCEPTED,
    /** 400, 413, 415: the request itself was wrong. */
    INVALID,
    /** 401, 403, 422: no valid key, someone else's merchant, or an unknown merchant. */
    REJECTED,
    DUPLICATE,
    RATE_LIMITED,
    /** Answered 202 but never written: a crawler or an automated browser. */
    BOT_DROPPED,
    /** Could not be made durable (Kafka, or the key store, unavailable): 503. */
    FAILED
  }

  private final Counter[][] counters;

  public IngestMetrics(MeterRegistry registry) {
    counters = new Counter[Endpoint.values().length][Outcome.values().length];
    for (Endpoint e : Endpoint.values()) {
      for (Outcome o : Outcome.values()) {
        counters[e.ordinal()][o.ordinal()] =
            Counter.builder("tracklayer.ingest.events")
                .description("Events received by the ingest gateway, by what became of them")
                .tag("endpoint", e.name().toLowerCase(Locale.ROOT))
                .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                .register(registry);
      }
    }
  }

  public void count(Endpoint endpoint, Outcome outcome) {
    counters[endpoint.ordinal()][outcome.ordinal()].increment();
  }

  /** Counts a refused request; Kafka failures are counted where the broker's verdict arrives. */
  public void countRefusal(Endpoint endpoint, IngestException e) {
    if (ErrorCodes.KAFKA_UNAVAILABLE.equals(e.code())) {
      return;
    }
    count(endpoint, outcomeOf(e));
  }

  static Outcome outcomeOf(IngestException e) {
    return switch (e.status()) {
      case CONFLICT -> Outcome.DUPLICATE;
      case TOO_MANY_REQUESTS -> Outcome.RATE_LIMITED;
      case UNAUTHORIZED, FORBIDDEN, UNPROCESSABLE_ENTITY -> Outcome.REJECTED;
      default -> e.status().is4xxClientError() ? Outcome.INVALID : Outcome.FAILED;
    };
  }
}
