package dev.tracklayer.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  /** 20 minutes after the API reference example's event_time. */
  private static final Instant NOW = Instant.parse("2026-04-20T10:00:00Z");

  private static final long NOW_S = NOW.getEpochSecond();
  private static final EventValidator VALIDATOR =
      new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC));

  /** The POST /v1/events example of the public API contract (docs/ingest.md), as published. */
  static final String REFERENCE_EXAMPLE =
      """
      {
        "event_id": "order-12345",
        "event_name": "purchase",
        "event_time": 1776678000,
        "merchant_id": "5353bbf0-07ad-4636-98c6-64861af1b8c9",
        "source": "server",
        "user_data": {
          "email": "buyer@example.com",
          "phone": "+15551234567",
          "first_name": "Ada",
          "last_name": "Lovelace",
          "city": "San Francisco",
          "state": "ca",
          "zip": "94103",
          "country": "us",
          "customer_id": "cust_123",
          "browser_ids": { "fbp": "fb.1...", "fbc": "fb.1..." }
        },
        "value": 129.99,
        "currency": "USD",
        "order_id": "12345",
        "items": [{ "id": "SKU-A", "quantity": 1, "price": 129.99 }]
      }
      """;

  private static ObjectNode minimal() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("event_name", "purchase");
    n.put("event_time", NOW_S);
    return n;
  }

  private static ValidationResult validate(JsonNode body) {
    return VALIDATOR.validate(body);
  }

  private static void assertValid(JsonNode body) {
    ValidationResult r = validate(body);
    assertThat(r.errors()).isEmpty();
    assertThat(r.isValid()).isTrue();
    assertThat(r.event()).isNotNull();
  }

  private static void assertSingleError(JsonNode body, String code, String path) {
    ValidationResult r = validate(body);
    assertThat(r.isValid()).isFalse();
    assertThat(r.event()).isNull();
    assertThat(r.errors())
        .extracting(FieldError::code, FieldError::path)
        .containsExactly(tuple(code, path));
  }

  private static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  @Test
  void referenceExampleIsValidAndBindsEveryField() throws Exception {
    ValidationResult r = validate(Json.readTree(REFERENCE_EXAMPLE));
    assertThat(r.errors()).isEmpty();
    TrackEvent e = r.event();
    assertThat(e.eventId).isEqualTo("order-12345");
    assertThat(e.eventName).isEqualTo("purchase");
    assertThat(e.eventTime).isEqualTo(1776678000L);
    assertThat(e.merchantId).isEqualTo("5353bbf0-07ad-4636-98c6-64861af1b8c9");
    assertThat(e.source).isEqualTo("server");
    assertThat(e.value).isEqualTo(new BigDecimal("129.99"));
    assertThat(e.currency).isEqualTo("USD");
    assertThat(e.orderId).isEqualTo("12345");
    assertThat(e.items).containsExactly(new Item("SKU-A", 1, new BigDecimal("129.99")));
    assertThat(e.userData.email).isEqualTo("buyer@example.com");
    assertThat(e.userData.phone).isEqualTo("+15551234567");
    assertThat(e.userData.customerId).isEqualTo("cust_123");
    assertThat(e.userData.browserIds.fbp).isEqualTo("fb.1...");
    assertThat(e.userData.browserIds.fbc).isEqualTo("fb.1...");
    // Binding and Jackson agree: the bound event equals the body read straight into the model.
    assertThat(e).isEqualTo(Json.read(REFERENCE_EXAMPLE, TrackEvent.class));
  }

  @Test
  void reportsEveryErrorAtOnceWithCodesAndPaths() throws Exception {
    String body =
        """
        {
          "event_id": "",
          "event_time": "1776678000",
          "merchant_id": "not-a-uuid",
          "source": "email",
          "value": -5,
          "items": [
            { "id": "A", "quantity": 1, "price": 1 },
            { "quantity": 0, "price": "9.99" },
            "SKU-C",
            { "id": "D", "quantity": 2.5, "price": -1 }
          ],
          "user_data": {
            "email": 42,
            "client_ip": "999.1.1.1",
            "external_ids": ["ok", {"id": 1}],
            "browser_ids": { "fbc": true }
          },
          "event_source_url": "not a url",
          "consent": { "marketing": "yes" }
        }
        """;
    ValidationResult r = validate(Json.readTree(body));
    assertThat(r.isValid()).isFalse();
    assertThat(r.event()).isNull();
    assertThat(r.errors())
        .extracting(FieldError::code, FieldError::path)
        .containsExactlyInAnyOrder(
            tuple("too_short", "$.event_id"),
            tuple("required", "$.event_name"),
            tuple("invalid_type", "$.event_time"),
            tuple("invalid_format", "$.merchant_id"),
            tuple("invalid_value", "$.source"),
            tuple("out_of_range", "$.value"),
            tuple("required", "$.currency"),
            tuple("required", "$.items[1].id"),
            tuple("out_of_range", "$.items[1].quantity"),
            tuple("invalid_type", "$.items[1].price"),
            tuple("invalid_type", "$.items[2]"),
            tuple("invalid_type", "$.items[3].quantity"),
            tuple("out_of_range", "$.items[3].price"),
            tuple("invalid_type", "$.user_data.email"),
            tuple("invalid_format", "$.user_data.client_ip"),
            tuple("invalid_type", "$.user_data.external_ids[1]"),
            tuple("invalid_type", "$.user_data.browser_ids.fbc"),
            tuple("invalid_format", "$.event_source_url"),
            tuple("invalid_type", "$.consent.marketing"));
    assertThat(r.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"event\"", "42", "null", "true"})
  void bodyMustBeAnObject(String json) throws Exception {
    assertSingleError(Json.readTree(json), "invalid_type", "$");
    assertSingleError(null, "invalid_type", "$");
  }

  @Test
  void minimalEventNeedsOnlyNameAndTime() {
    assertValid(minimal());
  }

  @Test
  void pipelineFieldsAndUnknownPropertiesFromClientsAreDropped() {
    ObjectNode n = minimal();
    n.put("received_at", 1L);
    n.put("api_key_id", "key_from_client");
    n.putArray("platforms").add("meta");
    n.put("replay_of", "evt_0");
    n.put("something_new", "x");
    n.putObject("user_data").put("favourite_colour", "blue");
    TrackEvent e = validate(n).event();
    assertThat(e.receivedAt).isNull();
    assertThat(e.apiKeyId).isNull();
    assertThat(e.platforms).isNull();
    assertThat(e.replayOf).isNull();
  }

  @Nested
  class EventId {

    @Test
    void bounds() {
      assertValid(minimal().put("event_id", "a"));
      assertValid(minimal().put("event_id", repeat('x', 128)));
      assertValid(minimal().put("event_id", "order #12/3 ~!"));
      assertSingleError(minimal().put("event_id", repeat('x', 129)), "too_long", "$.event_id");
      assertSingleError(minimal().put("event_id", ""), "too_short", "$.event_id");
      assertSingleError(minimal().put("event_id", "   "), "invalid_format", "$.event_id");
      assertSingleError(minimal().put("event_id", "a\nb"), "invalid_format", "$.event_id");
      assertSingleError(minimal().put("event_id", "a\u007fb"), "invalid_format", "$.event_id");
      assertSingleError(minimal().put("event_id", "café"), "invalid_format", "$.event_id");
      assertSingleError(minimal().put("event_id", true), "invalid_type", "$.event_id");
    }

    @Test
    void isOptionalAndIntegersAreTakenAsText() {
      assertThat(validate(minimal()).event().eventId).isNull();
      assertThat(validate(minimal().put("event_id", 12345)).event().eventId).isEqualTo("12345");
    }
  }

  @Nested
  class EventName {

    @Test
    void bounds() {
      assertValid(minimal().put("event_name", "x"));
      assertValid(minimal().put("event_name", repeat('n', 64)));
      assertValid(minimal().put("event_name", repeat('é', 64)));
      assertSingleError(minimal().put("event_name", repeat('n', 65)), "too_long", "$.event_name");
      assertSingleError(minimal().put("event_name", ""), "required", "$.event_name");
      assertSingleError(minimal().put("event_name", "  "), "required", "$.event_name");
      assertSingleError(minimal().putNull("event_name"), "required", "$.event_name");
      assertSingleError(minimal().put("event_name", 5), "invalid_type", "$.event_name");
      assertSingleError(minimal().put("event_name", "a\tb"), "invalid_format", "$.event_name");
    }
  }

  @Nested
  class EventTime {

    @Test
    void atMostTenMinutesInTheFuture() {
      assertValid(minimal().put("event_time", NOW_S + 600));
      assertSingleError(minimal().put("event_time", NOW_S + 601), "out_of_range", "$.event_time");
    }

    @Test
    void atMostNinetyDaysOld() {
      long ninetyDays = 90L * 24 * 3600;
      assertValid(minimal().put("event_time", NOW_S - ninetyDays));
      assertSingleError(
          minimal().put("event_time", NOW_S - ninetyDays - 1), "out_of_range", "$.event_time");
    }

    @Test
    void millisecondsAreRejectedWithAHint() {
      ValidationResult r = validate(minimal().put("event_time", NOW.toEpochMilli()));
      assertThat(r.errors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.code()).isEqualTo("out_of_range");
                assertThat(e.message()).contains("milliseconds");
              });
    }

    @Test
    void mustBeAnInteger() throws Exception {
      ObjectNode n = minimal();
      n.remove("event_time");
      assertSingleError(n, "required", "$.event_time");
      assertSingleError(minimal().put("event_time", NOW_S + 0.5), "invalid_type", "$.event_time");
      assertSingleError(
          minimal().put("event_time", String.valueOf(NOW_S)), "invalid_type", "$.event_time");
      assertSingleError(
          Json.readTree("{\"event_name\":\"x\",\"event_time\":99999999999999999999999}"),
          "out_of_range",
          "$.event_time");
    }
  }

  @Nested
  class MerchantId {

    private static final String UUID = "5353bbf0-07ad-4636-98c6-64861af1b8c9";

    @Test
    void optionalForServerRequiredForBrowser() {
      assertValid(minimal());
      ValidationResult browser = VALIDATOR.validate(minimal(), true);
      assertThat(browser.errors())
          .extracting(FieldError::code, FieldError::path)
          .containsExactly(tuple("required", "$.merchant_id"));
      assertThat(VALIDATOR.validate(minimal().put("merchant_id", UUID), true).isValid()).isTrue();
    }

    @Test
    void mustBeAUuidAndIsBoundLowercase() {
      assertThat(validate(minimal().put("merchant_id", UUID.toUpperCase())).event().merchantId)
          .isEqualTo(UUID);
      assertSingleError(
          minimal().put("merchant_id", UUID.substring(1)), "invalid_format", "$.merchant_id");
      assertSingleError(
          minimal().put("merchant_id", UUID.replace("-", "")), "invalid_format", "$.merchant_id");
      assertSingleError(minimal().put("merchant_id", 7), "invalid_type", "$.merchant_id");
    }
  }

  @Test
  void sourceMustBeKnown() {
    for (String s : List.of("server", "browser", "app", "offline", "replay")) {
      assertValid(minimal().put("source", s));
    }
    assertSingleError(minimal().put("source", "Server"), "invalid_value", "$.source");
    assertSingleError(minimal().put("source", "crm"), "invalid_value", "$.source");
  }

  @Nested
  class ValueAndCurrency {

    @Test
    void valueBounds() {
      assertValid(minimal().put("value", 0).put("currency", "USD"));
      assertValid(
          minimal().put("value", new BigDecimal("99999999999999.9999")).put("currency", "USD"));
      assertSingleError(
          minimal().put("value", new BigDecimal("-0.01")).put("currency", "USD"),
          "out_of_range",
          "$.value");
      assertSingleError(
          minimal().put("value", new BigDecimal("100000000000000")).put("currency", "USD"),
          "out_of_range",
          "$.value");
      assertSingleError(
          minimal().put("value", Double.NaN).put("currency", "USD"), "out_of_range", "$.value");
      assertSingleError(
          minimal().put("value", Double.POSITIVE_INFINITY).put("currency", "USD"),
          "out_of_range",
          "$.value");
    }

    @Test
    void valueMustBeAJsonNumber() {
      assertSingleError(
          minimal().put("value", "129.99").put("currency", "USD"), "invalid_type", "$.value");
      assertSingleError(
          minimal().put("value", true).put("currency", "USD"), "invalid_type", "$.value");
    }

    @Test
    void valueKeepsItsExactDecimal() throws Exception {
      TrackEvent e =
          validate(
                  Json.readTree(
                      "{\"event_name\":\"x\",\"event_time\":"
                          + NOW_S
                          + ",\"value\":0.1000,\"currency\":\"EUR\"}"))
              .event();
      assertThat(e.value).isEqualTo(new BigDecimal("0.1000"));
    }

    @Test
    void currencyIsRequiredWithValue() {
      assertSingleError(minimal().put("value", 10), "required", "$.currency");
      assertValid(minimal().put("currency", "USD"));
      assertValid(minimal().putNull("value"));
    }

    @Test
    void currencyIsIso4217CaseInsensitiveAndBoundUppercase() {
      assertThat(validate(minimal().put("value", 1).put("currency", "eur")).event().currency)
          .isEqualTo("EUR");
      assertSingleError(minimal().put("currency", "US"), "invalid_format", "$.currency");
      assertSingleError(minimal().put("currency", "USDT"), "invalid_format", "$.currency");
      assertSingleError(minimal().put("currency", "QQQ"), "invalid_format", "$.currency");
      assertSingleError(minimal().put("currency", " USD"), "invalid_format", "$.currency");
      assertSingleError(minimal().put("currency", 840), "invalid_type", "$.currency");
    }
  }

  @Nested
  class Items {

    private ObjectNode withItems(int n) {
      ObjectNode body = minimal();
      ArrayNode items = body.putArray("items");
      for (int i = 0; i < n; i++) {
        items.addObject().put("id", "SKU-" + i).put("quantity", 1).put("price", 1);
      }
      return body;
    }

    private ObjectNode withItem(ObjectNode item) {
      ObjectNode body = minimal();
      body.putArray("items").add(item);
      return body;
    }

    private ObjectNode item() {
      return JsonNodeFactory.instance.objectNode().put("id", "SKU");
    }

    @Test
    void atMost200() {
      assertValid(withItems(200));
      assertSingleError(withItems(201), "too_many", "$.items");
      assertValid(withItems(0));
    }

    @Test
    void idIsRequiredAndCapped() {
      assertValid(withItem(item().put("id", repeat('i', 128))));
      assertValid(withItem(item().put("id", 987654321)));
      assertSingleError(withItem(item().put("id", repeat('i', 129))), "too_long", "$.items[0].id");
      assertSingleError(withItem(item().put("id", " ")), "required", "$.items[0].id");
      ObjectNode noId = item();
      noId.remove("id");
      assertSingleError(withItem(noId), "required", "$.items[0].id");
    }

    @Test
    void quantityBounds() {
      assertValid(withItem(item().put("quantity", 1)));
      assertValid(withItem(item().put("quantity", 10_000)));
      assertValid(withItem(item()));
      assertSingleError(withItem(item().put("quantity", 0)), "out_of_range", "$.items[0].quantity");
      assertSingleError(
          withItem(item().put("quantity", 10_001)), "out_of_range", "$.items[0].quantity");
      assertSingleError(
          withItem(item().put("quantity", 1.5)), "invalid_type", "$.items[0].quantity");
      assertSingleError(
          withItem(item().put("quantity", 5_000_000_000L)), "out_of_range", "$.items[0].quantity");
    }

    @Test
    void priceBounds() {
      assertValid(withItem(item().put("price", 0)));
      assertValid(withItem(item().put("price", new BigDecimal("19.99"))));
      assertSingleError(
          withItem(item().put("price", new BigDecimal("-0.0001"))),
          "out_of_range",
          "$.items[0].price");
      assertSingleError(withItem(item().put("price", "19.99")), "invalid_type", "$.items[0].price");
    }

    @Test
    void mustBeAnArrayOfObjects() {
      assertSingleError(minimal().put("items", "SKU-A"), "invalid_type", "$.items");
      ObjectNode body = minimal();
      body.putArray("items").add(item()).addNull();
      assertSingleError(body, "invalid_type", "$.items[1]");
    }
  }

  @Nested
  class Strings {

    @Test
    void orderIdCap() {
      assertValid(minimal().put("order_id", repeat('o', 256)));
      assertValid(minimal().put("order_id", 12345));
      assertSingleError(minimal().put("order_id", repeat('o', 257)), "too_long", "$.order_id");
    }

    @Test
    void eventSourceUrl() {
      String prefix = "https://shop.example/p?q=";
      assertValid(minimal().put("event_source_url", prefix + repeat('a', 2048 - prefix.length())));
      assertSingleError(
          minimal().put("event_source_url", prefix + repeat('a', 2049 - prefix.length())),
          "too_long",
          "$.event_source_url");
      assertSingleError(
          minimal().put("event_source_url", "/checkout"), "invalid_format", "$.event_source_url");
      assertSingleError(
          minimal().put("event_source_url", "https://x.example/a b"),
          "invalid_format",
          "$.event_source_url");
      assertValid(minimal().put("event_source_url", "android-app://com.shop/checkout"));
    }

    @Test
    void userDataFieldsAreCapped() {
      ObjectNode ok = minimal();
      ok.putObject("user_data")
          .put("email", repeat('e', 256))
          .put("user_agent", repeat('u', 1024))
          .putObject("browser_ids")
          .put("fbc", repeat('f', 512));
      assertValid(ok);

      ObjectNode tooLong = minimal();
      tooLong
          .putObject("user_data")
          .put("email", repeat('e', 257))
          .put("user_agent", repeat('u', 1025))
          .putObject("browser_ids")
          .put("fbc", repeat('f', 513));
      assertThat(validate(tooLong).errors())
          .extracting(FieldError::code, FieldError::path)
          .containsExactlyInAnyOrder(
              tuple("too_long", "$.user_data.email"),
              tuple("too_long", "$.user_data.user_agent"),
              tuple("too_long", "$.user_data.browser_ids.fbc"));
    }

    @Test
    void blankUserDataValuesAreAbsentAndIdsMayBeIntegers() {
      ObjectNode n = minimal();
      n.putObject("user_data")
          .put("email", "  ")
          .put("ip", "")
          .put("phone", 15551234567L)
          .put("zip", 94103);
      UserData u = validate(n).event().userData;
      assertThat(u.email).isNull();
      assertThat(u.ip).isNull();
      assertThat(u.phone).isEqualTo("15551234567");
      assertThat(u.zip).isEqualTo("94103");
    }

    @Test
    void externalIds() {
      ObjectNode ok = minimal();
      ArrayNode ids = ok.putObject("user_data").putArray("external_ids");
      for (int i = 0; i < 20; i++) {
        ids.add("id-" + i);
      }
      assertThat(validate(ok).event().userData.externalIds).hasSize(20);
      ids.add("one-too-many");
      assertSingleError(ok, "too_many", "$.user_data.external_ids");
      ObjectNode notArray = minimal();
      notArray.putObject("user_data").put("external_ids", "a,b");
      assertSingleError(notArray, "invalid_type", "$.user_data.external_ids");
      ObjectNode withNull = minimal();
      withNull.putObject("user_data").putArray("external_ids").add("c1").addNull().add(" ");
      assertThat(validate(withNull).event().userData.externalIds).containsExactly("c1");
    }
  }

  @Test
  void amountsAreWrittenPlainlyOrRefused() throws Exception {
    ObjectNode big = minimal().put("currency", "USD");
    big.set("value", Json.readTree("5E+2"));
    assertThat(Json.toJson(validate(big).event())).contains("\"value\":500");
    ObjectNode zero = minimal().put("currency", "USD");
    zero.set("value", Json.readTree("0E+10000"));
    assertThat(Json.toJson(validate(zero).event())).contains("\"value\":0");
    zero.set("value", Json.readTree("0E-10000"));
    assertThat(Json.toJson(validate(zero).event())).containsPattern("\"value\":0[,}]");
    ObjectNode zeros = minimal().put("currency", "USD");
    zeros.set("value", Json.readTree("1." + "0".repeat(900)));
    assertThat(Json.toJson(validate(zeros).event())).containsPattern("\"value\":1\\.0{18}[,}]");
    ObjectNode tiny = minimal().put("currency", "USD");
    tiny.set("value", Json.readTree("1e-10000"));
    assertSingleError(tiny, "out_of_range", "$.value");
    ObjectNode price = minimal();
    price.putArray("items").addObject().put("id", "A").set("price", Json.readTree("1E-19"));
    assertSingleError(price, "out_of_range", "$.items[0].price");
    ObjectNode doubleNoise = minimal().put("currency", "USD");
    doubleNoise.set("value", Json.readTree("0.30000000000000004"));
    assertThat(validate(doubleNoise).isValid()).isTrue();
  }

  @Nested
  class IpAddresses {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "203.0.113.7",
          "0.0.0.0",
          "255.255.255.255",
          "2001:db8::1",
          "::1",
          "::ffff:203.0.113.7",
          "2001:0DB8:0000:0000:0000:ff00:0042:8329"
        })
    void valid(String ip) {
      ObjectNode n = minimal();
      n.putObject("user_data").put("client_ip", ip);
      assertThat(validate(n).event().userData.clientIp).isEqualTo(ip);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "256.1.1.1",
          "1.2.3",
          "01.2.3.4",
          "1.2.3.4.5",
          "localhost",
          "example.com",
          "2001:db8:::1",
          "12345::",
          ".:1",
          "1.2.3.4:80"
        })
    void invalid(String ip) {
      ObjectNode n = minimal();
      n.putObject("user_data").put("ip", ip);
      assertSingleError(n, "invalid_format", "$.user_data.ip");
    }
  }

  @Test
  void consent() {
    ObjectNode n = minimal();
    n.putObject("consent").put("marketing", true).put("analytics", false);
    assertThat(validate(n).event().consent).isEqualTo(new Consent(true, false));
    assertSingleError(minimal().put("consent", "granted"), "invalid_type", "$.consent");
  }

  @Test
  void nestedObjectsMustBeObjects() {
    assertSingleError(minimal().put("user_data", "x"), "invalid_type", "$.user_data");
    ObjectNode n = minimal();
    n.putObject("user_data").put("browser_ids", "x");
    assertSingleError(n, "invalid_type", "$.user_data.browser_ids");
  }

  @Nested
  class AttributionField {

    private ObjectNode touch(String param, String value, long at) {
      ObjectNode t = JsonNodeFactory.instance.objectNode();
      t.put("param", param).put("value", value).put("at", at);
      return t;
    }

    private ObjectNode withFirstTouch(ObjectNode touch) {
      ObjectNode n = minimal();
      n.putObject("attribution").set("first_touch", touch);
      return n;
    }

    @Test
    void bindsBothTouches() throws Exception {
      ObjectNode n = minimal();
      ObjectNode a = n.putObject("attribution");
      a.set("first_touch", touch("gclid", "Cj0KCQ", NOW_S - 86_400));
      a.set("last_touch", touch("ScCid", "snap-1", NOW_S));
      TrackEvent e = validate(n).event();
      assertThat(e.attribution)
          .isEqualTo(
              new Attribution(
                  new Touch("gclid", "Cj0KCQ", NOW_S - 86_400),
                  new Touch("ScCid", "snap-1", NOW_S)));
      // Binding and Jackson agree, and the field survives the Kafka JSON.
      assertThat(e).isEqualTo(Json.read(Json.toJson(n), TrackEvent.class));
      assertThat(Json.read(Json.toBytes(e), TrackEvent.class).attribution).isEqualTo(e.attribution);
    }

    @Test
    void eitherTouchIsOptionalAndAnEmptyAttributionIsAbsent() {
      assertThat(validate(withFirstTouch(touch("fbclid", "IwAR0", NOW_S))).event().attribution)
          .isEqualTo(new Attribution(new Touch("fbclid", "IwAR0", NOW_S), null));
      ObjectNode onlyLast = minimal();
      onlyLast.putObject("attribution").set("last_touch", touch("twclid", "x1", NOW_S));
      assertThat(validate(onlyLast).event().attribution.firstTouch).isNull();
      ObjectNode empty = minimal();
      empty.putObject("attribution");
      assertThat(validate(empty).event().attribution).isNull();
      ObjectNode nulls = minimal();
      nulls.putObject("attribution").putNull("first_touch").putNull("last_touch");
      assertThat(validate(nulls).event().attribution).isNull();
      assertThat(validate(minimal().putNull("attribution")).event().attribution).isNull();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "fbclid",
          "ttclid",
          "gclid",
          "gbraid",
          "wbraid",
          "msclkid",
          "ScCid",
          "epik",
          "rdt_cid",
          "li_fat_id",
          "twclid"
        })
    void everyClickIdParameterIsAccepted(String param) {
      assertValid(withFirstTouch(touch(param, "id-1", NOW_S)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GCLID", "sc_click_id", "fbc", "utm_source", ""})
    void otherParametersAreRefused(String param) {
      assertSingleError(
          withFirstTouch(touch(param, "id-1", NOW_S)),
          "invalid_value",
          "$.attribution.first_touch.param");
    }

    @Test
    void paramIsARequiredString() {
      ObjectNode t = touch("gclid", "id-1", NOW_S);
      t.remove("param");
      assertSingleError(withFirstTouch(t), "required", "$.attribution.first_touch.param");
      assertSingleError(
          withFirstTouch(touch("gclid", "id-1", NOW_S).put("param", 1)),
          "invalid_type",
          "$.attribution.first_touch.param");
    }

    @Test
    void valueIsANonBlankStringOfAtMost500Characters() {
      String path = "$.attribution.first_touch.value";
      assertValid(withFirstTouch(touch("gclid", repeat('g', 500), NOW_S)));
      assertValid(withFirstTouch(touch("gclid", repeat('é', 500), NOW_S)));
      assertSingleError(withFirstTouch(touch("gclid", repeat('g', 501), NOW_S)), "too_long", path);
      assertSingleError(withFirstTouch(touch("gclid", "", NOW_S)), "required", path);
      assertSingleError(withFirstTouch(touch("gclid", "  ", NOW_S)), "required", path);
      assertSingleError(
          withFirstTouch(touch("gclid", "x", NOW_S).put("value", 12345)), "invalid_type", path);
      ObjectNode t = touch("gclid", "x", NOW_S);
      t.remove("value");
      assertSingleError(withFirstTouch(t), "required", path);
    }

    @Test
    void atIsPlausibleUnixSeconds() throws Exception {
      String path = "$.attribution.first_touch.at";
      assertValid(withFirstTouch(touch("gclid", "x", NOW_S + 600)));
      assertValid(withFirstTouch(touch("gclid", "x", EventValidator.MIN_TOUCH_TIME)));
      assertValid(withFirstTouch(touch("gclid", "x", NOW_S - 400L * 86_400)));
      assertSingleError(withFirstTouch(touch("gclid", "x", NOW_S + 601)), "out_of_range", path);
      assertSingleError(
          withFirstTouch(touch("gclid", "x", EventValidator.MIN_TOUCH_TIME - 1)),
          "out_of_range",
          path);
      assertSingleError(withFirstTouch(touch("gclid", "x", 0)), "out_of_range", path);
      assertSingleError(withFirstTouch(touch("gclid", "x", -1)), "out_of_range", path);
      assertThat(validate(withFirstTouch(touch("gclid", "x", NOW.toEpochMilli()))).errors())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.code()).isEqualTo("out_of_range");
                assertThat(e.path()).isEqualTo(path);
                assertThat(e.message()).contains("milliseconds");
              });
      assertSingleError(
          withFirstTouch(touch("gclid", "x", 0).put("at", String.valueOf(NOW_S))),
          "invalid_type",
          path);
      assertSingleError(
          withFirstTouch(touch("gclid", "x", 0).put("at", NOW_S + 0.5)), "invalid_type", path);
      ObjectNode t = touch("gclid", "x", NOW_S);
      t.remove("at");
      assertSingleError(withFirstTouch(t), "required", path);
      assertSingleError(
          Json.readTree(
              "{\"event_name\":\"x\",\"event_time\":"
                  + NOW_S
                  + ",\"attribution\":{\"first_touch\":{\"param\":\"gclid\",\"value\":\"x\","
                  + "\"at\":99999999999999999999999}}}"),
          "out_of_range",
          path);
    }

    @Test
    void mustBeObjects() {
      assertSingleError(minimal().put("attribution", "gclid"), "invalid_type", "$.attribution");
      ObjectNode n = minimal();
      n.putObject("attribution").put("first_touch", "gclid");
      assertSingleError(n, "invalid_type", "$.attribution.first_touch");
      ObjectNode arr = minimal();
      arr.putObject("attribution").putArray("last_touch");
      assertSingleError(arr, "invalid_type", "$.attribution.last_touch");
    }

    @Test
    void reportsEveryTouchErrorAtOnce() throws Exception {
      ValidationResult r =
          validate(
              Json.readTree(
                  "{\"event_name\":\"x\",\"event_time\":"
                      + NOW_S
                      + ",\"attribution\":{\"first_touch\":{},"
                      + "\"last_touch\":{\"param\":\"dclid\",\"value\":true,\"at\":\"now\"}}}"));
      assertThat(r.errors())
          .extracting(FieldError::code, FieldError::path)
          .containsExactlyInAnyOrder(
              tuple("required", "$.attribution.first_touch.param"),
              tuple("required", "$.attribution.first_touch.value"),
              tuple("required", "$.attribution.first_touch.at"),
              tuple("invalid_value", "$.attribution.last_touch.param"),
              tuple("invalid_type", "$.attribution.last_touch.value"),
              tuple("invalid_type", "$.attribution.last_touch.at"));
      assertThat(r.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }
  }
}
