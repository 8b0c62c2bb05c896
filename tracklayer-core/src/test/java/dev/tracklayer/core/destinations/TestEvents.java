package dev.tracklayer.core.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.BrowserIds;
import dev.tracklayer.core.event.Item;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.event.UserData;
import dev.tracklayer.core.identity.Sha256;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The fixed event every adapter test builds a payload from, and small helpers. */
public final class TestEvents {

  /** The clock of the payload tests; the event happened 20 minutes earlier. */
  public static final Instant NOW = Instant.parse("2026-04-20T10:00:00Z");

  public static final long EVENT_TIME = 1_776_678_000L; // 2026-04-20T09:40:00Z

  public static final String MERCHANT = "5353bbf0-07ad-4636-98c6-64861af1b8c9";
  public static final String UA =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)";
  public static final String URL = "https://shop.example/checkout/thanks";

  // Meta's published vectors (docs/identity.md).
  public static final String META_EM =
      "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
  public static final String META_PH =
      "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176";
  public static final String META_FN =
      "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec";

  private TestEvents() {}

  /** A browser purchase with every identifier a pixel can capture. */
  public static TrackEvent purchase() {
    return purchase(EVENT_TIME);
  }

  public static TrackEvent purchase(long eventTime) {
    TrackEvent e = new TrackEvent();
    e.eventId = "order-12345";
    e.eventName = "purchase";
    e.eventTime = eventTime;
    e.merchantId = MERCHANT;
    e.source = "browser";
    e.value = new BigDecimal("129.99");
    e.currency = "USD";
    e.orderId = "12345";
    e.items = List.of(new Item("SKU-A", 1, new BigDecimal("129.99")));
    e.eventSourceUrl = URL;
    UserData u = new UserData();
    u.email = "John_Smith@gmail.com";
    u.phone = "(650)555-1212";
    u.firstName = "Mary";
    u.lastName = "Smith";
    u.city = "San Francisco";
    u.state = "CA";
    u.zip = "94103";
    u.country = "us";
    u.customerId = "cust_123";
    u.clientIp = "203.0.113.7";
    u.userAgent = UA;
    BrowserIds b = new BrowserIds();
    b.fbp = "fb.1.1776670000000.1098115397";
    b.fbc = "fb.1.1776670000000.IwAR2xyz";
    b.ttp = "ttp.abc123";
    b.ttclid = "E.C.P.ttclid1";
    b.gclid = "Cj0KCQiA-gclid";
    b.msclkid = "dd4afcccb1c9a4cad9544dd7e5006";
    b.scClickId = "a3f4b5c6-d7e8-9012-3456-7890abcdef12";
    b.epik = "dj0yJnU9epik";
    b.rdtCid = "3184742045291813272";
    b.liFatId = "df5gf5-gh6t7-ph4j7h-fgf6n1";
    b.twclid = "23opevjt88psuo13lu8d020qkn";
    u.browserIds = b;
    e.userData = u;
    return e;
  }

  /** An event with nothing a platform could match on. */
  public static TrackEvent anonymous(String name) {
    TrackEvent e = new TrackEvent();
    e.eventId = "anon-1";
    e.eventName = name;
    e.eventTime = EVENT_TIME;
    e.merchantId = MERCHANT;
    e.source = "server";
    e.userData = new UserData();
    return e;
  }

  public static TrackEvent named(String name) {
    TrackEvent e = purchase();
    e.eventName = name;
    return e;
  }

  public static DeliveryContext ctx() {
    return DeliveryContext.of(Endpoints.defaults(), NOW, "nonce123");
  }

  public static String sha(String s) {
    return Sha256.hex(s);
  }

  /**
   * {@link #json} placeholders for the purchase's Meta-style user_data (Meta's published vectors
   * and the other fields hashed the same way): {@code em ph fn ln ct st zp country ext ua}, then
   * {@code more}.
   */
  public static Object[] metaUserData(Object... more) {
    return concat(
        new Object[] {
          "em", META_EM,
          "ph", META_PH,
          "fn", META_FN,
          "ln", sha("smith"),
          "ct", sha("sanfrancisco"),
          "st", sha("ca"),
          "zp", sha("94103"),
          "country", sha("us"),
          "ext", sha("cust_123"),
          "ua", UA
        },
        more);
  }

  /**
   * {@link #json} placeholders {@code em ph ext ua}: the purchase's email lowercased (it has no
   * dots or +alias to drop), phone in E.164 and customer id, each SHA-256, and the raw user agent;
   * then {@code more}.
   */
  public static Object[] hashedContact(Object... more) {
    return concat(hashedEmailAndPhone("ext", sha("cust_123"), "ua", UA), more);
  }

  /**
   * {@link #json} placeholders {@code em ph fn ln} as Google hashes them: email lowercased, phone
   * in E.164, first and last name lowercased, each SHA-256; then {@code more}.
   */
  public static Object[] googleUser(Object... more) {
    return concat(hashedEmailAndPhone("fn", sha("mary"), "ln", sha("smith")), more);
  }

  private static Object[] hashedEmailAndPhone(Object... more) {
    return concat(
        new Object[] {"em", sha("john_smith@gmail.com"), "ph", sha("+16505551212")}, more);
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public static JsonNode body(DeliveryRequest r) {
    try {
      return Json.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("request body is not JSON: " + r.body(), e);
    }
  }

  /** {@code {{key}}} placeholders in a JSON template, replaced and parsed. */
  public static JsonNode json(String template, Object... keysAndValues) {
    String s = template;
    for (int i = 0; i < keysAndValues.length; i += 2) {
      s = s.replace("{{" + keysAndValues[i] + "}}", String.valueOf(keysAndValues[i + 1]));
    }
    try {
      return Json.readTree(s);
    } catch (Exception ex) {
      throw new AssertionError("bad template: " + s, ex);
    }
  }

  public static DeliveryResponse response(int status, String body) {
    return DeliveryResponse.of(status, body);
  }

  public static DeliveryResponse response(int status, Map<String, String> headers, String body) {
    return DeliveryResponse.of(status, headers, body);
  }
}
