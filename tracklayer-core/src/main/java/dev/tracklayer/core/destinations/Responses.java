package dev.tracklayer.core.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The classification rules every platform shares; adapters add their body-level rules on top. */
final class Responses {

  private Responses() {}

  /** 408, 429 and 5xx are worth retrying; every other 4xx will fail again. */
  static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  static List<Outcome> all(Outcome outcome, int batchSize) {
    return Collections.nCopies(Math.max(batchSize, 0), outcome);
  }

  /** Every event of the batch delivered, with the response's status. */
  static List<Outcome> delivered(DeliveryResponse r, int batchSize) {
    return all(Outcome.delivered(r.status()), batchSize);
  }

  /** The usual mapping, with {@code message} as the error text for anything but 2xx. */
  static Outcome byStatus(DeliveryResponse r, String message) {
    int s = r.status();
    if (s >= 200 && s < 300) {
      return Outcome.delivered(s);
    }
    String text = message != null ? message : "HTTP " + s;
    if (retryableStatus(s)) {
      return Outcome.retry(s, text, retryAfter(r));
    }
    if (s >= 300 && s < 400) {
      String location = r.header("location");
      return Outcome.failed(
          s, "unexpected redirect" + (location == null ? "" : " to " + location) + ": " + text);
    }
    return Outcome.failed(s, text);
  }

  static List<Outcome> byStatus(DeliveryResponse r, String message, int batchSize) {
    return all(byStatus(r, message), batchSize);
  }

  /**
   * The Retry-After header as a duration: delay-seconds or an HTTP-date (measured from the
   * response's Date header when present, so a skewed local clock does not distort it).
   */
  static Duration retryAfter(DeliveryResponse r) {
    String v = r.header("retry-after");
    if (v == null || v.isBlank()) {
      return null;
    }
    v = v.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException ignored) {
      // Not delay-seconds; try an HTTP-date below.
    }
    Instant at = httpDate(v);
    return at == null ? null : until(r, at);
  }

  /**
   * The wait until {@code at}, measured from the response's Date header when present (so a skewed
   * local clock does not distort it), else from now; never negative.
   */
  static Duration until(DeliveryResponse r, Instant at) {
    Instant reference = httpDate(r.header("date"));
    Duration d = Duration.between(reference != null ? reference : Instant.now(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }

  static Instant httpDate(String v) {
    if (v == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The body as JSON, or null when it is empty or not JSON. */
  static JsonNode json(DeliveryResponse r) {
    String body = r.body();
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return Json.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  /** {@code node.field} when it is a non-empty array; else null (also when {@code node} is). */
  static JsonNode nonEmptyArray(JsonNode node, String field) {
    JsonNode a = node == null ? null : node.get(field);
    return a != null && a.isArray() && a.size() > 0 ? a : null;
  }

  /** The text at a path of field names, or null. */
  static String text(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  /**
   * A best-effort error text for platforms without a documented error shape: common JSON fields
   * first, else the body itself.
   */
  static String genericMessage(DeliveryResponse r) {
    JsonNode j = json(r);
    if (j != null) {
      String[][] paths = {
        {"error", "message"},
        {"error_description"},
        {"message"},
        {"detail"},
        {"reason"},
        {"error"},
      };
      for (String[] p : paths) {
        String t = text(j, p);
        if (t != null && !t.isBlank()) {
          return t;
        }
      }
      JsonNode errors = nonEmptyArray(j, "errors");
      if (errors != null) {
        JsonNode first = errors.get(0);
        String t = first.isTextual() ? first.asText() : text(first, "message");
        if (t == null) {
          t = text(first, "detail");
        }
        if (t != null) {
          return t;
        }
      }
    }
    String body = r.body();
    return body == null || body.isBlank() ? null : body;
  }

  /** Outcomes per index where the platform names the failing events and the rest share one. */
  static List<Outcome> perIndex(int batchSize, Outcome rest) {
    List<Outcome> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      out.add(rest);
    }
    return out;
  }

  static Outcome networkFailure(Throwable failure) {
    Throwable t = unwrap(failure);
    String what;
    if (t instanceof HttpConnectTimeoutException) {
      what = "connect timeout";
    } else if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
      what = "timed out waiting for the platform";
    } else if (t instanceof ConnectException) {
      what = "connection refused";
    } else if (t instanceof CancellationException) {
      what = "request cancelled";
    } else {
      what = "network error";
    }
    String detail = t.getMessage();
    String name = t.getClass().getSimpleName();
    return Outcome.retry(
        0, what + " (" + name + (detail == null || detail.isBlank() ? "" : ": " + detail) + ")");
  }

  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
