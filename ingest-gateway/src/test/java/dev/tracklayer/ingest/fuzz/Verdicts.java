package dev.tracklayer.ingest.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.testing.fuzz.Answers;
import dev.tracklayer.core.testing.fuzz.RawHttp;
import dev.tracklayer.core.testing.fuzz.Shown;
import dev.tracklayer.core.testing.fuzz.StrictJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every fuzz case asserts: an answer within 10 s, below 500, the JSON error shape on every
 * error, no stack trace logged for a 4xx, and a 202 only for an event that is in Kafka exactly as
 * it was sent.
 */
final class Verdicts {
  private static final Duration KAFKA_WITHIN = Duration.ofSeconds(10);

  private static final List<String> USER_DATA_STRINGS =
      List.of(
          "email",
          "phone",
          "gender",
          "date_of_birth",
          "first_name",
          "last_name",
          "city",
          "state",
          "zip",
          "postal_code",
          "country",
          "customer_id",
          "client_ip",
          "ip",
          "user_agent",
          "madid",
          "fb_login_id",
          "subscription_id",
          "lead_id",
          "anon_id",
          "ctwa_clid");
  private static final List<String> BROWSER_IDS =
      List.of(
          "fbp",
          "fbc",
          "ttp",
          "ttclid",
          "gclid",
          "gbraid",
          "wbraid",
          "msclkid",
          "sc_click_id",
          "epik",
          "rdt_cid",
          "li_fat_id",
          "twclid");

  private Verdicts() {}

  /** Sends {@code request} and checks what every answer must be; returns the answer. */
  static RawHttp.Response exchange(
      FuzzedGateway gateway, byte[] request, boolean head, boolean checkClosed) {
    return Answers.exchange(gateway.port, request, head, checkClosed, gateway.logs::drain);
  }

  /**
   * For a 202 from an event endpoint: the event is in Kafka under the answered event_id, and every
   * value sent that the gateway keeps came back unchanged (the same code points, the same numbers).
   *
   * @param userAgent what the request's User-Agent header said (a bot's event is answered and
   *     dropped)
   */
  static void acceptedMeansStoredAsSent(
      FuzzedGateway gateway,
      Endpoint endpoint,
      RawHttp.Response response,
      byte[] body,
      String userAgent) {
    if (response.status() != 202 || !endpoint.takesEvents()) {
      return;
    }
    JsonNode sent =
        StrictJson.parse(body)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "202 for a body that is not JSON text in UTF-8 (RFC 8259): whatever was"
                            + " stored is a guess; body: "
                            + Shown.bytes(body)));
    JsonNode answer = StrictJson.parse(response.body()).orElseThrow();
    String eventId = answer.path("event_id").textValue();
    JsonNode sentId = sent.get("event_id");
    if (sentId != null && (sentId.isTextual() || sentId.isIntegralNumber())) {
      String expected =
          sentId.isTextual() ? sentId.textValue() : sentId.bigIntegerValue().toString();
      if (!expected.equals(eventId)) {
        throw new AssertionError(
            "event_id sent as " + Shown.text(expected) + " but answered as " + Shown.text(eventId));
      }
    }
    if (endpoint.isBrowser() && gateway.isBot(userAgent)) {
      return;
    }
    String merchant =
        endpoint == Endpoint.SERVER
            ? gateway.merchantId()
            : sent.path("merchant_id").asText().toLowerCase(Locale.ROOT);
    List<JsonNode> records;
    try {
      records = gateway.topic.await(FuzzedGateway.recordKey(merchant, eventId), KAFKA_WITHIN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (records.size() != 1) {
      throw new AssertionError(
          "202 for event_id "
              + Shown.text(eventId)
              + " but "
              + records.size()
              + " records in Kafka");
    }
    List<String> differences = differences(sent, records.get(0));
    if (!differences.isEmpty()) {
      throw new AssertionError("stored differently from what was sent: " + differences);
    }
  }

  /** Every kept value of {@code sent} that {@code stored} does not have as sent. */
  static List<String> differences(JsonNode sent, JsonNode stored) {
    List<String> out = new ArrayList<>();
    for (String f : List.of("event_id", "event_name", "order_id", "event_source_url")) {
      sameText(out, "$." + f, sent.get(f), stored.get(f));
    }
    sameNumber(out, "$.event_time", sent.get("event_time"), stored.get("event_time"));
    sameNumber(out, "$.value", sent.get("value"), stored.get("value"));
    JsonNode u = sent.get("user_data");
    JsonNode su = stored.path("user_data");
    if (u != null && u.isObject()) {
      for (String f : USER_DATA_STRINGS) {
        sameText(out, "$.user_data." + f, u.get(f), su.get(f));
      }
      JsonNode ids = u.get("external_ids");
      if (ids != null && ids.isArray()) {
        List<String> kept = new ArrayList<>();
        ids.forEach(
            id -> {
              String s = text(id);
              if (s != null && !s.isBlank()) {
                kept.add(s);
              }
            });
        List<String> back = new ArrayList<>();
        su.path("external_ids").forEach(id -> back.add(id.asText()));
        if (!kept.equals(back)) {
          out.add("$.user_data.external_ids: sent " + shown(kept) + ", stored " + shown(back));
        }
      }
      JsonNode b = u.get("browser_ids");
      if (b != null && b.isObject()) {
        for (String f : BROWSER_IDS) {
          sameText(out, "$.user_data.browser_ids." + f, b.get(f), su.path("browser_ids").get(f));
        }
      }
    }
    JsonNode items = sent.get("items");
    if (items != null && items.isArray()) {
      for (int i = 0; i < items.size(); i++) {
        String p = "$.items[" + i + "]";
        sameText(out, p + ".id", items.get(i).get("id"), stored.path("items").path(i).get("id"));
        sameNumber(
            out,
            p + ".price",
            items.get(i).get("price"),
            stored.path("items").path(i).get("price"));
        sameNumber(
            out,
            p + ".quantity",
            items.get(i).get("quantity"),
            stored.path("items").path(i).get("quantity"));
      }
    }
    for (String touch : List.of("first_touch", "last_touch")) {
      JsonNode t = sent.path("attribution").path(touch);
      JsonNode st = stored.path("attribution").path(touch);
      sameText(out, "$.attribution." + touch + ".value", t.get("value"), st.get("value"));
      sameText(out, "$.attribution." + touch + ".param", t.get("param"), st.get("param"));
      sameNumber(out, "$.attribution." + touch + ".at", t.get("at"), st.get("at"));
    }
    return out;
  }

  /** A string (or integer id, kept as its decimal text) that is not blank must come back as is. */
  private static void sameText(List<String> out, String path, JsonNode sent, JsonNode stored) {
    String s = text(sent);
    if (s == null || s.isBlank()) {
      return;
    }
    String back = stored == null || stored.isNull() ? null : stored.asText();
    if (!s.equals(back)) {
      out.add(path + ": sent " + quoted(s) + ", stored " + quoted(back));
    }
  }

  private static void sameNumber(List<String> out, String path, JsonNode sent, JsonNode stored) {
    if (sent == null || !sent.isNumber()) {
      return;
    }
    BigDecimal back = stored == null || !stored.isNumber() ? null : stored.decimalValue();
    if (back == null || back.compareTo(sent.decimalValue()) != 0) {
      out.add(path + ": sent " + Shown.text(sent.toString()) + ", stored " + stored);
    }
  }

  private static String text(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    return node.isIntegralNumber() ? node.bigIntegerValue().toString() : null;
  }

  private static String quoted(String s) {
    return s == null ? "nothing" : "\"" + Shown.text(s) + "\"";
  }

  private static String shown(List<String> values) {
    return values.stream().map(Verdicts::quoted).toList().toString();
  }
}
