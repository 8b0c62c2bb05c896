package dev.tracklayer.core.destinations;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The merchant's own endpoint: {@code POST <url>} with the TrackLayer event as JSON (the same
 * object the ingest API accepted, plus the fields the gateway added), one event per request.
 *
 * <p>Signed like Stripe's webhooks so receivers can reuse familiar code: {@code
 * X-TrackLayer-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with
 * signing_secret>}. Receivers should recompute v1 over the raw body, compare in constant time (see
 * {@link #verify}) and reject old timestamps to stop replays. {@code X-TrackLayer-Event-Id} carries
 * the event_id so receivers can deduplicate our at-least-once retries.
 *
 * <p>Settings: {@code respect_consent} ({@code true} / {@code false}, default false): a webhook
 * receives every event whatever the visitor's marketing consent, unless this is true; then routing
 * skips the events an ad platform would not get ({@link
 * dev.tracklayer.core.config.ConnectionConfig#RESPECT_CONSENT}).
 */
public final class WebhookAdapter implements DestinationAdapter {

  private static final long serialVersionUID = 1L;

  public static final String SIGNATURE_HEADER = "X-TrackLayer-Signature";
  public static final String EVENT_ID_HEADER = "X-TrackLayer-Event-Id";

  @Override
  public String platform() {
    return "webhook";
  }

  @Override
  public List<String> requiredCredentials() {
    return List.of("url", "signing_secret");
  }

  @Override
  public int maxBatchSize() {
    return 1;
  }

  /** Merchants' endpoints are slower and more varied than the platforms' APIs. */
  @Override
  public Duration timeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public Optional<String> skipReason(TrackEvent event, Map<String, String> settings, Instant now) {
    return Optional.empty();
  }

  @Override
  public DeliveryRequest build(
      List<TrackEvent> events,
      Credentials credentials,
      Map<String, String> settings,
      DeliveryContext ctx) {
    if (events.size() != 1) {
      throw new IllegalArgumentException(
          "a webhook takes one event per request, got " + events.size());
    }
    TrackEvent e = events.get(0);
    String url = credentials.require("url");
    String scheme = URI.create(url).getScheme();
    if (scheme == null
        || !(scheme.toLowerCase(Locale.ROOT).equals("https")
            || scheme.toLowerCase(Locale.ROOT).equals("http"))) {
      throw new IllegalArgumentException("webhook url must be http(s): " + scheme);
    }
    String body = Json.toJson(e);
    long t = ctx.now().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put(SIGNATURE_HEADER, signatureHeader(credentials.require("signing_secret"), t, body));
    if (e.eventId != null) {
      headers.put(EVENT_ID_HEADER, e.eventId);
    }
    return DeliveryRequest.post(url, headers, body);
  }

  /** {@code t=<t>,v1=<hex HMAC-SHA256("<t>.<body>")>}. */
  public static String signatureHeader(String secret, long t, String body) {
    return "t=" + t + ",v1=" + hmacHex(secret, t + "." + body);
  }

  /**
   * What a receiver does: parse the header, recompute, compare in constant time, and refuse
   * timestamps further than {@code tolerance} from {@code now}.
   */
  public static boolean verify(
      String header, String body, String secret, Instant now, Duration tolerance) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String p = part.strip();
      if (p.startsWith("t=")) {
        try {
          t = Long.parseLong(p.substring(2));
        } catch (NumberFormatException ex) {
          return false;
        }
      } else if (p.startsWith("v1=")) {
        v1 = p.substring(3);
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = hmacHex(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmacHex(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("every JRE ships HmacSHA256", ex);
    }
  }

  /**
   * 2xx delivered; 408, 429, 5xx retried; any other status (including redirects, which we do not
   * follow: a signed body must not be replayed to another host) failed with the start of the
   * receiver's answer.
   */
  @Override
  public List<Outcome> classify(DeliveryResponse response, int batchSize) {
    String body = response.body();
    String text = "HTTP " + response.status() + (body.isBlank() ? "" : ": " + body);
    return Responses.byStatus(response, text, batchSize);
  }
}
