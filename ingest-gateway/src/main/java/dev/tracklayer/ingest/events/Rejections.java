package dev.tracklayer.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.EventValidator;
import dev.tracklayer.core.event.FieldError;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.quality.Rejection;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.events.IngestMetrics.Endpoint;
import dev.tracklayer.ingest.kafka.RejectionWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns a request refused with 400 (invalid_json, validation_failed) for a known merchant into a
 * {@link Rejection} on the rejections topic, so the dashboard can count what a merchant's
 * integration gets wrong. Only codes and paths leave: never the body, a value or the message.
 */
@Component
public class Rejections {
  private static final Pattern UUID_SHAPE =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final RejectionWriter writer;
  private final Clock clock;

  public Rejections(RejectionWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  /**
   * @param merchantId the merchant, or null when unknown (then nothing is recorded)
   * @param body the parsed body, or null when it did not parse
   */
  public void record(Endpoint endpoint, String merchantId, IngestException e, JsonNode body) {
    if (merchantId == null || e.status() != HttpStatus.BAD_REQUEST) {
      return;
    }
    if (!ErrorCodes.INVALID_JSON.equals(e.code())
        && !ErrorCodes.VALIDATION_FAILED.equals(e.code())) {
      return;
    }
    Rejection r = new Rejection();
    r.merchantId = merchantId;
    r.endpoint = endpoint.name().toLowerCase(Locale.ROOT);
    r.code = e.code();
    List<Rejection.Detail> details = new ArrayList<>(e.details().size());
    for (FieldError d : e.details()) {
      details.add(new Rejection.Detail(d.code(), d.path()));
    }
    r.details = details;
    r.eventId = eventId(body);
    r.receivedAt = clock.millis();
    writer.write(merchantId, Json.toBytes(r));
  }

  /** The browser endpoint's merchant: the body's merchant_id when it is a UUID, lower-cased. */
  public static String claimedMerchant(JsonNode body) {
    JsonNode m = body == null ? null : body.get("merchant_id");
    return m != null && m.isTextual() && UUID_SHAPE.matcher(m.textValue()).matches()
        ? m.textValue().toLowerCase(Locale.ROOT)
        : null;
  }

  /** A string event_id that fits the contract's length; a longer one is not worth storing. */
  private static String eventId(JsonNode body) {
    JsonNode id = body == null ? null : body.get("event_id");
    return id != null
            && id.isTextual()
            && id.textValue().length() <= EventValidator.MAX_EVENT_ID
            && !id.textValue().isEmpty()
        ? id.textValue()
        : null;
  }
}
