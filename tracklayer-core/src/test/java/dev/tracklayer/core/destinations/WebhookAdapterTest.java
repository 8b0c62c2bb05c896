package dev.tracklayer.core.destinations;

import static dev.tracklayer.core.destinations.TestEvents.NOW;
import static dev.tracklayer.core.destinations.TestEvents.ctx;
import static dev.tracklayer.core.destinations.TestEvents.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookAdapterTest {

  private final WebhookAdapter webhook = new WebhookAdapter();
  private final Credentials creds =
      Credentials.of("url", "https://hooks.shop.example/tracklayer", "signing_secret", "whsec_abc");

  @Test
  void postsTheEventSigned() throws Exception {
    TrackEvent e = TestEvents.purchase();
    DeliveryRequest r = webhook.build(List.of(e), creds, Map.of(), ctx());
    assertThat(r.url()).isEqualTo("https://hooks.shop.example/tracklayer");
    assertThat(r.body()).isEqualTo(Json.toJson(e));
    assertThat(Json.read(r.body(), TrackEvent.class)).isEqualTo(e);
    assertThat(r.header("X-TrackLayer-Event-Id")).isEqualTo("order-12345");

    long t = NOW.getEpochSecond();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("whsec_abc".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String v1 =
        HexFormat.of()
            .formatHex(mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
    assertThat(r.header("X-TrackLayer-Signature")).isEqualTo("t=" + t + ",v1=" + v1);
  }

  @Test
  void verifyAcceptsOurSignatureOnlyForTheSameBodySecretAndRecentTime() {
    String body = "{\"event_id\":\"e1\"}";
    String header = WebhookAdapter.signatureHeader("s", NOW.getEpochSecond(), body);
    Duration tolerance = Duration.ofMinutes(5);
    assertThat(WebhookAdapter.verify(header, body, "s", NOW, tolerance)).isTrue();
    assertThat(WebhookAdapter.verify(header, body + " ", "s", NOW, tolerance)).isFalse();
    assertThat(WebhookAdapter.verify(header, body, "other", NOW, tolerance)).isFalse();
    assertThat(WebhookAdapter.verify(header, body, "s", NOW.plus(Duration.ofMinutes(6)), tolerance))
        .isFalse();
    assertThat(WebhookAdapter.verify("garbage", body, "s", NOW, tolerance)).isFalse();
  }

  @Test
  void onlyHttpUrls() {
    Credentials file = Credentials.of("url", "file:///etc/passwd", "signing_secret", "s");
    assertThatThrownBy(() -> webhook.build(List.of(TestEvents.purchase()), file, Map.of(), ctx()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void classifies() {
    assertThat(webhook.classify(response(204, ""), 1).get(0).isDelivered()).isTrue();
    Outcome gone = webhook.classify(response(410, "endpoint removed"), 1).get(0);
    assertThat(gone.isFailed()).isTrue();
    assertThat(gone.message()).isEqualTo("HTTP 410: endpoint removed");
    assertThat(
            webhook
                .classify(response(301, Map.of("Location", "https://elsewhere"), ""), 1)
                .get(0)
                .message())
        .contains("redirect to https://elsewhere");
    assertThat(webhook.classify(response(408, ""), 1).get(0).isRetry()).isTrue();
    assertThat(webhook.classify(response(503, ""), 1).get(0).isRetry()).isTrue();
  }

  @Test
  void neverSkips() {
    assertThat(webhook.skipReason(TestEvents.anonymous("anything"), NOW)).isEmpty();
  }
}
