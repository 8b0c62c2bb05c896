package dev.tracklayer.core.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationAdaptersTest {

  @Test
  void twelvePlatformsInDesignOrder() {
    assertThat(DestinationAdapters.PLATFORMS)
        .containsExactly(
            "meta",
            "tiktok",
            "ga4",
            "google_ads",
            "snapchat",
            "pinterest",
            "reddit",
            "linkedin",
            "x",
            "microsoft",
            "klaviyo",
            "webhook");
    assertThat(DestinationAdapters.all())
        .extracting(DestinationAdapter::platform)
        .containsExactlyElementsOf(DestinationAdapters.PLATFORMS);
    assertThat(DestinationAdapters.forPlatform("meta")).containsInstanceOf(MetaAdapter.class);
    assertThat(DestinationAdapters.forPlatform("myspace")).isEmpty();
    assertThat(DestinationAdapters.forPlatform(null)).isEmpty();
  }

  /** The docs/contracts.md credential fields, verbatim. */
  @Test
  void requiredCredentialsAreDesignsFields() {
    Map<String, List<String>> design =
        Map.ofEntries(
            Map.entry("meta", List.of("pixel_id", "access_token")),
            Map.entry("tiktok", List.of("pixel_code", "access_token")),
            Map.entry("ga4", List.of("measurement_id", "api_secret")),
            Map.entry(
                "google_ads",
                List.of(
                    "customer_id",
                    "conversion_action_id",
                    "developer_token",
                    "client_id",
                    "client_secret",
                    "refresh_token")),
            Map.entry("snapchat", List.of("pixel_id", "access_token")),
            Map.entry("pinterest", List.of("ad_account_id", "access_token")),
            Map.entry("reddit", List.of("ad_account_id", "access_token")),
            Map.entry("linkedin", List.of("conversion_rule_id", "access_token")),
            Map.entry(
                "x",
                List.of(
                    "pixel_id",
                    "consumer_key",
                    "consumer_secret",
                    "access_token",
                    "access_token_secret")),
            Map.entry("microsoft", List.of("uet_tag_id", "access_token")),
            Map.entry("klaviyo", List.of("private_api_key")),
            Map.entry("webhook", List.of("url", "signing_secret")));
    for (DestinationAdapter a : DestinationAdapters.all()) {
      assertThat(a.requiredCredentials())
          .as(a.platform())
          .containsExactlyElementsOf(design.get(a.platform()));
    }
  }

  @Test
  void adaptersSurviveJavaSerializationAsFlinkShipsThem() throws Exception {
    for (DestinationAdapter a : DestinationAdapters.all()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(a);
        out.writeObject(Outcome.retry(429, "slow down", Duration.ofSeconds(3)));
        out.writeObject(TestEvents.ctx().withAccessToken("t"));
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        DestinationAdapter copy = (DestinationAdapter) in.readObject();
        assertThat(copy.platform()).isEqualTo(a.platform());
        assertThat(in.readObject())
            .isEqualTo(Outcome.retry(429, "slow down", Duration.ofSeconds(3)));
        assertThat(((DeliveryContext) in.readObject()).accessToken()).contains("t");
      }
    }
  }

  @Test
  void everyAdapterHasSaneLimits() {
    for (DestinationAdapter a : DestinationAdapters.all()) {
      assertThat(a.maxBatchSize()).as(a.platform()).isBetween(1, 5000);
      assertThat(a.timeout())
          .as(a.platform())
          .isBetween(Duration.ofMillis(500), Duration.ofSeconds(30));
    }
    assertThat(new MetaAdapter().timeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void networkFailuresAreRetries() {
    for (DestinationAdapter a : DestinationAdapters.all()) {
      Outcome o = a.classifyFailure(new java.net.http.HttpTimeoutException("request timed out"));
      assertThat(o.isRetry()).isTrue();
      assertThat(o.httpStatus()).isZero();
      assertThat(o.message()).contains("timed out");
    }
    assertThat(
            new MetaAdapter()
                .classifyFailure(
                    new java.util.concurrent.CompletionException(
                        new java.net.ConnectException("Connection refused")))
                .message())
        .startsWith("connection refused");
  }
}
