package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.UA;
import static dev.tracklayer.core.destinations.TestEvents.body;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static dev.tracklayer.core.destinations.TestEvents.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class XAdapterTest {

  private final XAdapter x = new XAdapter();
  private final Credentials creds =
      Credentials.of(
          "pixel_id", "o8z6j",
          "consumer_key", "ck",
          "consumer_secret", "cs",
          "access_token", "at",
          "access_token_secret", "ts");
  private final Map<String, String> settings = Map.of("event_id.purchase", "tw-o8z6j-o87ne");

  @Test
  void purchasePayload() throws Exception {
    DeliveryRequest r = x.build(List.of(TestEvents.purchase()), creds, settings, ctx());
    assertThat(r.url()).isEqualTo("https://ads-api.x.com/12/measurement/conversions/o8z6j");
    assertThat(body(r))
        .isEqualTo(
            TestEvents.json(
                """
                {"conversions":[{
                  "conversion_time":"2026-04-20T09:40:00Z",
                  "event_id":"tw-o8z6j-o87ne",
                  "identifiers":[{"twclid":"23opevjt88psuo13lu8d020qkn"},
                                 {"hashed_email":"{{em}}"},
                                 {"hashed_phone_number":"{{ph}}"},
                                 {"ip_address":"203.0.113.7","user_agent":"{{ua}}"}],
                  "conversion_id":"order-12345",
                  "value":129.99,"price_currency":"USD","number_items":1,
                  "contents":[{"content_id":"SKU-A","num_items":1,"content_price":129.99}]}]}
                """,
                "em",
                sha("john_smith@gmail.com"),
                "ph",
                sha("+16505551212"),
                "ua",
                UA));

    // OAuth 1.0a, recomputed here from the RFC 5849 base string.
    long ts = NOW.getEpochSecond();
    String base =
        "POST&https%3A%2F%2Fads-api.x.com%2F12%2Fmeasurement%2Fconversions%2Fo8z6j&"
            + "oauth_consumer_key%3Dck%26oauth_nonce%3Dnonce123%26oauth_signature_method%3DHMAC-SHA1"
            + "%26oauth_timestamp%3D"
            + ts
            + "%26oauth_token%3Dat%26oauth_version%3D1.0";
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec("cs&ts".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String signature =
        Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.header("Authorization"))
        .isEqualTo(
            "OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"nonce123\", oauth_signature=\""
                + OAuth1Signer.encode(signature)
                + "\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\""
                + ts
                + "\", oauth_token=\"at\", oauth_version=\"1.0\"");
  }

  @Test
  void eventsNeedAnXEventIdAndAnIdentifier() {
    assertThat(x.skipReason(TestEvents.purchase(), Map.of(), NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("event_id.purchase"));
    assertThat(x.skipReason(TestEvents.purchase(), settings, NOW)).isEmpty();
    assertThat(x.skipReason(TestEvents.named("lead"), Map.of("event_id", "tw-o8z6j-all"), NOW))
        .isEmpty();
    var anon = TestEvents.anonymous("purchase");
    anon.userData.clientIp = "203.0.113.7";
    anon.userData.userAgent = UA;
    assertThat(x.skipReason(anon, settings, NOW))
        .hasValueSatisfying(r -> assertThat(r).contains("twclid"));
  }

  @Test
  void classifies() {
    assertThat(
            x.classify(
                response(200, "{\"data\":{\"conversions_processed\":1,\"debug_id\":\"d\"}}"), 1))
        .allMatch(Outcome::isDelivered);
    Outcome invalid =
        x.classify(
                response(
                    400,
                    "{\"errors\":[{\"code\":\"INVALID_PARAMETER\",\"message\":\"event_id is invalid\",\"parameter\":\"conversions\"}],\"request\":{\"params\":{}}}"),
                2)
            .get(1);
    assertThat(invalid.isFailed()).isTrue();
    assertThat(invalid.message()).isEqualTo("INVALID_PARAMETER: event_id is invalid");
    Outcome limited =
        x.classify(
                response(
                    429,
                    Map.of(
                        "Date",
                        "Mon, 20 Apr 2026 10:00:00 GMT",
                        "x-rate-limit-reset",
                        String.valueOf(NOW.getEpochSecond() + 90)),
                    "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Rate limit exceeded\"}]}"),
                1)
            .get(0);
    assertThat(limited.isRetry()).isTrue();
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(90));
  }
}
