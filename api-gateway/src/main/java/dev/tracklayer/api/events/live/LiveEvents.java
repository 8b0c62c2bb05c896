package dev.tracklayer.api.events.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.events.EventDetail;
import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of the stream's events, named as GET /v1/events/:id names the same fields, and how they
 * are read from the pipeline's records (flink-jobs {@code records/AcceptedEvent} and {@code
 * records/DeliveryResult}) and the ingest gateway's (tracklayer-core {@code DuplicateCopy}). No
 * record carries user data beyond which fields were sent.
 */
final class LiveEvents {
  private LiveEvents() {}

  /** {@code event: accepted}: an event as it left the pipeline's dedup. */
  record Accepted(
      String eventId,
      String eventName,
      String source,
      Instant eventTime,
      Instant receivedAt,
      BigDecimal value,
      String currency,
      Map<String, Boolean> identity,
      List<EventDetail.Warning> warnings) {}

  /**
   * {@code event: duplicate}: a copy the ingest gateway answered 409 duplicate_event, named as
   * {@code accepted} names the same fields.
   */
  record Duplicate(
      String eventId,
      String eventName,
      String source,
      Instant receivedAt,
      Map<String, Boolean> identity) {}

  /** {@code event: delivery}: one state of the delivery of an event to one platform. */
  record Delivery(
      String eventId,
      String eventName,
      String platform,
      String connectionId,
      String status,
      int attempts,
      Integer httpStatus,
      String error,
      long latencyMs,
      Instant updatedAt,
      Instant nextAttemptAt) {}

  /** {@code event: sampled}: records left out in the last window. */
  record Sampled(int dropped, int windowS) {}

  /** {@code event: expired}: the token the stream was opened with expired; the stream ends. */
  record Expired(Instant expiredAt) {}

  /** The record as the stream shows it, or null when it is not one the pipeline writes. */
  static LiveRecord accepted(byte[] value) {
    JsonNode n = tree(value);
    if (n == null || text(n, "merchant_id") == null || text(n, "event_id") == null) {
      return null;
    }
    Map<String, Boolean> identity = identity(n);
    List<EventDetail.Warning> warnings = new ArrayList<>();
    JsonNode codes = n.path("warning_codes");
    JsonNode paths = n.path("warning_paths");
    for (int i = 0; i < codes.size(); i++) {
      warnings.add(new EventDetail.Warning(codes.get(i).asText(), paths.path(i).asText()));
    }
    String name = text(n, "event_name");
    Accepted data =
        new Accepted(
            text(n, "event_id"),
            name,
            text(n, "source"),
            Instant.ofEpochSecond(n.path("event_time").asLong()),
            Instant.ofEpochMilli(n.path("received_at").asLong()),
            n.path("value").isNumber() ? n.get("value").decimalValue() : null,
            text(n, "currency"),
            identity,
            warnings);
    return new LiveRecord(text(n, "merchant_id"), LiveRecord.ACCEPTED, name, null, null, data);
  }

  /** A copy answered 409, or null when it is not a record the ingest gateway writes. */
  static LiveRecord duplicate(byte[] value) {
    JsonNode n = tree(value);
    if (n == null || text(n, "merchant_id") == null || text(n, "event_id") == null) {
      return null;
    }
    String name = text(n, "event_name");
    Duplicate data =
        new Duplicate(
            text(n, "event_id"),
            name,
            text(n, "source"),
            Instant.ofEpochMilli(n.path("received_at").asLong()),
            identity(n));
    return new LiveRecord(text(n, "merchant_id"), LiveRecord.DUPLICATE, name, null, null, data);
  }

  static LiveRecord delivery(byte[] value) {
    JsonNode n = tree(value);
    if (n == null
        || text(n, "merchant_id") == null
        || text(n, "event_id") == null
        || text(n, "platform") == null
        || text(n, "status") == null) {
      return null;
    }
    int http = n.path("http_status").asInt();
    long next = n.path("next_attempt_at").asLong();
    String name = text(n, "event_name");
    Delivery data =
        new Delivery(
            text(n, "event_id"),
            name,
            text(n, "platform"),
            text(n, "connection_id"),
            text(n, "status"),
            n.path("attempts").asInt(),
            http == 0 ? null : http,
            text(n, "error"),
            n.path("latency_ms").asLong(),
            Instant.ofEpochSecond(n.path("updated_at").asLong()),
            next == 0 ? null : Instant.ofEpochMilli(next));
    return new LiveRecord(
        text(n, "merchant_id"), LiveRecord.DELIVERY, name, data.platform(), data.status(), data);
  }

  /** The {@code fields} bits as {email: true, phone: false, …}. */
  private static Map<String, Boolean> identity(JsonNode n) {
    int fields = n.path("fields").asInt();
    Map<String, Boolean> identity = new LinkedHashMap<>();
    for (IdentityFields field : IdentityFields.ALL) {
      identity.put(field.key(), field.in(fields));
    }
    return identity;
  }

  private static JsonNode tree(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode n = Json.readTree(value);
      return n != null && n.isObject() ? n : null;
    } catch (IOException | RuntimeException e) {
      return null; // not ours to show; the pipeline's own readers report it
    }
  }

  /** Absent and empty alike are null, as GET /v1/events/:id answers them. */
  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
