package dev.tracklayer.api.platforms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.api.support.ApiIntegrationTest;
import dev.tracklayer.api.support.FakePlatform;
import dev.tracklayer.api.support.Tokens;
import dev.tracklayer.api.support.TopicReader;
import dev.tracklayer.core.config.MerchantConfig;
import dev.tracklayer.core.crypto.CredentialCipher;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.event.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class PlatformsIntegrationTest extends ApiIntegrationTest {
  static final String TOKEN = "EAAGm0PX4ZCpsBAKZCsecret-token-" + UUID.randomUUID();
  static final String PIXEL = "123456789012345";

  /** A documentation address: public, and nothing to resolve (tests run without DNS). */
  static final String PUBLIC_WEBHOOK = "https://203.0.113.7/hooks/tracklayer";

  @BeforeEach
  void quietPlatform() {
    PLATFORM.reset();
  }

  static Map<String, Object> meta(Map<String, String> settings) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("platform", "meta");
    body.put("name", "Main pixel");
    body.put("credentials", Map.of("pixel_id", PIXEL, "access_token", TOKEN));
    body.put("settings", settings);
    return body;
  }

  @Test
  void credentialsAreSealedAtRestMaskedInAnswersAndPublishedEncrypted(CapturedOutput output) {
    String merchant = merchantId();
    JsonNode created =
        body(
            post("/v1/platforms", meta(Map.of("test_event_code", "TEST123")))
                .exchange()
                .expectStatus()
                .isCreated());
    assertThat(created.get("platform").asText()).isEqualTo("meta");
    assertThat(created.get("status").asText()).isEqualTo("active");
    assertThat(created.at("/credentials/access_token").asText())
        .isEqualTo("••••" + TOKEN.substring(TOKEN.length() - 4));
    assertThat(created.at("/credentials/pixel_id").asText()).isEqualTo("••••2345");
    assertThat(created.at("/settings/test_event_code").asText()).isEqualTo("TEST123");

    byte[] stored =
        jdbc.sql("SELECT credentials FROM platform_connections WHERE id = :id")
            .param("id", UUID.fromString(created.get("id").asText()))
            .query(byte[].class)
            .single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
    CredentialCipher cipher = new CredentialCipher(CREDENTIALS_KEY);
    assertThat(Json.read(cipher.decrypt(stored, merchant), Map.class))
        .isEqualTo(Map.of("pixel_id", PIXEL, "access_token", TOKEN));

    MerchantConfig snapshot = latestConfig(merchant, 1);
    assertThat(snapshot.connections).hasSize(1);
    assertThat(snapshot.connections.get(0).platform).isEqualTo("meta");
    assertThat(snapshot.connections.get(0).status).isEqualTo("active");
    assertThat(snapshot.connections.get(0).settings).containsEntry("test_event_code", "TEST123");
    assertThat(cipher.decryptBase64(snapshot.connections.get(0).credentials, merchant))
        .contains(TOKEN);

    JsonNode list = body(get("/v1/platforms").exchange().expectStatus().isOk());
    assertThat(list.get("items")).hasSize(1);
    assertThat(list.toString()).doesNotContain(TOKEN).doesNotContain(PIXEL);
    assertThat(created.toString()).doesNotContain(TOKEN).doesNotContain(PIXEL);

    post("/v1/platforms/" + created.get("id").asText() + "/test", null)
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(PIXEL);
  }

  @Test
  void everyPlatformAcceptsExactlyItsCredentialFields() {
    for (String platform : DestinationAdapters.PLATFORMS) {
      Map<String, String> credentials = new LinkedHashMap<>();
      for (String field : PlatformCatalog.credentialFields(platform)) {
        credentials.put(field, field.equals("url") ? PUBLIC_WEBHOOK : "value-" + field);
      }
      JsonNode created =
          body(
              post(
                      "/v1/platforms",
                      Map.of("platform", platform, "name", platform, "credentials", credentials))
                  .exchange()
                  .expectStatus()
                  .isCreated());
      assertThat(created.get("credentials").size()).isEqualTo(credentials.size());
    }
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items"))
        .hasSize(12);
    assertThat(latestConfig(merchantId(), 12).connections).hasSize(12);
  }

  @Test
  void invalidConnectionsAreRejectedWithEveryProblem() {
    JsonNode missing =
        body(
            post(
                    "/v1/platforms",
                    Map.of(
                        "platform", "meta",
                        "credentials", Map.of("pixel_id", "1", "token", "x"),
                        "settings", Map.of("Bad Key", "x")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(missing.at("/error/code").asText()).isEqualTo("validation_failed");
    assertThat(missing.at("/error/details").findValuesAsText("path"))
        .containsExactlyInAnyOrder(
            "$.credentials.access_token", "$.credentials.token", "$.settings.Bad?Key");

    JsonNode unknown =
        body(
            post("/v1/platforms", Map.of("platform", "myspace", "credentials", Map.of()))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unknown.at("/error/details/0/path").asText()).isEqualTo("$.platform");

    JsonNode webhook =
        body(
            post(
                    "/v1/platforms",
                    Map.of(
                        "platform",
                        "webhook",
                        "credentials",
                        Map.of("url", "javascript:alert(1)", "signing_secret", "s")))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(webhook.at("/error/details/0/path").asText()).isEqualTo("$.credentials.url");

    JsonNode nested =
        body(
            post(
                    "/v1/platforms",
                    Map.of("platform", "meta", "credentials", Map.of("pixel_id", List.of(1))))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(nested.at("/error/details/0/path").asText()).isEqualTo("$.credentials.pixel_id");

    post("/v1/platforms", "[]").exchange().expectStatus().isBadRequest();
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items")).isEmpty();
  }

  static Map<String, Object> webhook(String url) {
    return Map.of(
        "platform", "webhook", "credentials", Map.of("url", url, "signing_secret", "whsec-1"));
  }

  @Test
  void webhooksMustPointToPublicAddresses() {
    List<String> internal =
        List.of(
            PLATFORM.url() + "/hooks/tracklayer",
            "http://localhost:8081/v1/account",
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://10.0.0.8/hook",
            "https://172.16.5.4/hook",
            "http://192.168.1.10/hook",
            "http://100.64.0.1/hook",
            "http://0.0.0.0:8081/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://[::1]:8081/",
            "http://[fd00::1]/hook",
            "http://[fe80::1]/hook",
            "http://[::ffff:169.254.169.254]/latest/meta-data/",
            "http://2130706433/");
    for (String url : internal) {
      JsonNode refused =
          body(post("/v1/platforms", webhook(url)).exchange().expectStatus().isBadRequest());
      assertThat(refused.at("/error/code").asText()).as(url).isEqualTo("validation_failed");
      assertThat(refused.at("/error/details")).as(url).hasSize(1);
      assertThat(refused.at("/error/details/0/path").asText()).isEqualTo("$.credentials.url");
      assertThat(refused.at("/error/details/0/message").asText()).contains("public address");
    }
    JsonNode unresolved =
        body(
            post("/v1/platforms", webhook("https://no-such-host.invalid/hook"))
                .exchange()
                .expectStatus()
                .isBadRequest());
    assertThat(unresolved.at("/error/details/0/path").asText()).isEqualTo("$.credentials.url");
    assertThat(unresolved.at("/error/details/0/message").asText()).contains("does not resolve");
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items")).isEmpty();

    JsonNode created =
        body(post("/v1/platforms", webhook(PUBLIC_WEBHOOK)).exchange().expectStatus().isCreated());
    assertThat(created.get("platform").asText()).isEqualTo("webhook");
  }

  @Test
  void theTestCallSendsNothingToAWebhookThatIsNotPublic() {
    // A connection stored while private targets were allowed, or whose name resolved elsewhere.
    String merchant = merchantId();
    UUID id = UUID.randomUUID();
    byte[] sealed =
        new CredentialCipher(CREDENTIALS_KEY)
            .encrypt(
                Json.toJson(Map.of("url", PLATFORM.url() + "/hook", "signing_secret", "whsec-2")),
                merchant);
    jdbc.sql(
            "INSERT INTO platform_connections (id, merchant_id, platform, name, credentials)"
                + " VALUES (:id, :m, 'webhook', 'internal', :credentials)")
        .param("id", id)
        .param("m", UUID.fromString(merchant))
        .param("credentials", sealed)
        .update();
    JsonNode result =
        body(post("/v1/platforms/" + id + "/test", null).exchange().expectStatus().isOk());
    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("outcome").asText()).isEqualTo("SKIPPED");
    assertThat(result.get("message").asText()).contains("public address");
    assertThat(PLATFORM.requests()).isEmpty();
  }

  @Test
  void onePlatformConnectsOnceUntilDisconnected() {
    String merchant = merchantId();
    JsonNode first =
        body(post("/v1/platforms", meta(Map.of())).exchange().expectStatus().isCreated());
    JsonNode conflict =
        body(post("/v1/platforms", meta(Map.of())).exchange().expectStatus().isEqualTo(409));
    assertThat(conflict.at("/error/code").asText()).isEqualTo("platform_already_connected");
    assertThat(latestConfig(merchant, 1).connections).hasSize(1);

    String id = first.get("id").asText();
    JsonNode deleted = body(delete("/v1/platforms/" + id, token).exchange().expectStatus().isOk());
    assertThat(deleted.get("ok").asBoolean()).isTrue();
    assertThat(latestConfig(merchant, 2).connections).isEmpty();
    delete("/v1/platforms/" + id, token).exchange().expectStatus().isNotFound();
    delete("/v1/platforms/nope", token).exchange().expectStatus().isNotFound();
    post("/v1/platforms", meta(Map.of())).exchange().expectStatus().isCreated();
  }

  /** What the pipeline publishes to connection_health shows on each connection. */
  @Test
  void eachConnectionShowsWhetherItsDeliveriesArePaused() {
    String merchant = merchantId();
    String meta =
        body(post("/v1/platforms", meta(Map.of())).exchange().expectStatus().isCreated())
            .get("id")
            .asText();
    Map<String, Object> tiktok = new LinkedHashMap<>();
    tiktok.put("platform", "tiktok");
    tiktok.put("credentials", Map.of("pixel_code", "C4TIKTOKPIXEL", "access_token", TOKEN));
    String tiktokId =
        body(post("/v1/platforms", tiktok).exchange().expectStatus().isCreated())
            .get("id")
            .asText();
    Map<String, Object> ga4 = new LinkedHashMap<>();
    ga4.put("platform", "ga4");
    ga4.put("credentials", Map.of("measurement_id", "G-TEST123", "api_secret", TOKEN));
    String ga4Id =
        body(post("/v1/platforms", ga4).exchange().expectStatus().isCreated()).get("id").asText();
    long since = 1_780_000_000_000L;
    clickhouse.insert(
        "connection_health",
        List.of(
            health(
                merchant, meta, "meta", "auth_error", since, 12, "Invalid OAuth access token", 1),
            health(merchant, tiktokId, "tiktok", "open", since + 5_000, 40, "HTTP 503", 1),
            // Paused, then closed again: the newer row is the state.
            health(merchant, ga4Id, "ga4", "open", since, 7, "HTTP 500", 1),
            health(merchant, ga4Id, "ga4", "closed", 0, 0, "", 2),
            // Another merchant's row under this connection's id changes nothing.
            health(UUID.randomUUID().toString(), ga4Id, "ga4", "open", since, 99, "x", 3)));

    Map<String, JsonNode> byPlatform = new LinkedHashMap<>();
    body(get("/v1/platforms").exchange().expectStatus().isOk())
        .get("items")
        .forEach(p -> byPlatform.put(p.get("platform").asText(), p));
    JsonNode m = byPlatform.get("meta");
    assertThat(m.get("status").asText()).isEqualTo("auth_error");
    assertThat(m.get("delivery_paused_since").asText()).isEqualTo("2026-05-28T20:26:40Z");
    assertThat(m.get("backlog").asLong()).isEqualTo(12);
    assertThat(m.get("last_delivery_error").asText()).isEqualTo("Invalid OAuth access token");
    JsonNode t = byPlatform.get("tiktok");
    assertThat(t.get("status").asText()).isEqualTo("active");
    assertThat(t.get("delivery_paused_since").asText()).isEqualTo("2026-05-28T20:26:45Z");
    assertThat(t.get("backlog").asLong()).isEqualTo(40);
    JsonNode g = byPlatform.get("ga4");
    assertThat(g.get("status").asText()).isEqualTo("active");
    assertThat(g.get("delivery_paused_since").isNull()).isTrue();
    assertThat(g.get("backlog").asLong()).isZero();
  }

  private static Map<String, Object> health(
      String merchant,
      String connection,
      String platform,
      String status,
      long since,
      long backlog,
      String error,
      long version) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("merchant_id", merchant);
    row.put("connection_id", connection);
    row.put("platform", platform);
    row.put("status", status);
    row.put("since", since);
    row.put("backlog", backlog);
    row.put("consecutive_failures", "closed".equals(status) ? 0 : 5);
    row.put("last_error", error);
    row.put("next_attempt_at", "closed".equals(status) ? 0 : since + 60_000);
    row.put("updated_at", since);
    row.put("version", version);
    return row;
  }

  @Test
  void anotherMerchantCanNeitherSeeNorTouchAConnection() {
    JsonNode mine =
        body(post("/v1/platforms", meta(Map.of())).exchange().expectStatus().isCreated());
    String id = mine.get("id").asText();
    String intruder = Tokens.valid(Tokens.newSub());
    assertThat(body(get("/v1/platforms", intruder).exchange().expectStatus().isOk()).get("items"))
        .isEmpty();
    delete("/v1/platforms/" + id, intruder).exchange().expectStatus().isNotFound();
    post("/v1/platforms/" + id + "/test", null, intruder).exchange().expectStatus().isNotFound();
    assertThat(PLATFORM.requests()).isEmpty();
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).get("items")).hasSize(1);
  }

  @Test
  void testSendsASyntheticEventInMetasTestModeAndRecordsTheAnswer() {
    JsonNode created =
        body(
            post("/v1/platforms", meta(Map.of("test_event_code", "TEST4711")))
                .exchange()
                .expectStatus()
                .isCreated());
    JsonNode result =
        body(
            post("/v1/platforms/" + created.get("id").asText() + "/test", null)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(result.get("ok").asBoolean()).isTrue();
    assertThat(result.get("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(result.get("http_status").asInt()).isEqualTo(200);
    assertThat(result.get("test_mode").asBoolean()).isTrue();

    FakePlatform.Request sent = PLATFORM.requests().get(0);
    assertThat(sent.path()).endsWith("/" + PIXEL + "/events");
    JsonNode payload = Json.read(sent.body(), JsonNode.class);
    assertThat(payload.get("test_event_code").asText()).isEqualTo("TEST4711");
    assertThat(payload.at("/data/0/event_name").asText()).isEqualTo("Purchase");
    assertThat(payload.at("/data/0/event_id").asText()).isEqualTo(result.get("event_id").asText());

    JsonNode listed = body(get("/v1/platforms").exchange().expectStatus().isOk()).at("/items/0");
    assertThat(listed.get("last_tested_at").isNull()).isFalse();
    assertThat(listed.at("/last_test_result/outcome").asText()).isEqualTo("DELIVERED");
    assertThat(listed.at("/last_test_result/http_status").asInt()).isEqualTo(200);
  }

  @Test
  void testReportsARejectionWithThePlatformsMessageButNeverTheToken() {
    PLATFORM.answer(
        400,
        "{\"error\":{\"message\":\"Invalid OAuth access token - Cannot parse access token "
            + TOKEN
            + "\",\"type\":\"OAuthException\",\"code\":190}}");
    JsonNode created =
        body(post("/v1/platforms", meta(Map.of())).exchange().expectStatus().isCreated());
    JsonNode result =
        body(
            post("/v1/platforms/" + created.get("id").asText() + "/test", null)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(result.get("ok").asBoolean()).isFalse();
    assertThat(result.get("outcome").asText()).isEqualTo("FAILED");
    assertThat(result.get("http_status").asInt()).isEqualTo(400);
    assertThat(result.get("test_mode").asBoolean()).isFalse();
    assertThat(result.get("message").asText())
        .contains("Invalid OAuth access token")
        .doesNotContain(TOKEN);
    assertThat(body(get("/v1/platforms").exchange().expectStatus().isOk()).toString())
        .doesNotContain(TOKEN);
  }

  @Test
  void ga4IsTestedAgainstItsValidationEndpoint() {
    PLATFORM.answer(200, "{\"validationMessages\":[]}");
    JsonNode created =
        body(
            post(
                    "/v1/platforms",
                    Map.of(
                        "platform",
                        "ga4",
                        "credentials",
                        Map.of("measurement_id", "G-ABC123", "api_secret", "s3cr3t-api-secret")))
                .exchange()
                .expectStatus()
                .isCreated());
    JsonNode result =
        body(
            post("/v1/platforms/" + created.get("id").asText() + "/test", null)
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(result.get("test_mode").asBoolean()).isTrue();
    assertThat(PLATFORM.requests().get(0).path()).isEqualTo("/debug/mp/collect");
  }

  @Test
  void testOfAnUnknownConnectionIsNotFound() {
    post("/v1/platforms/" + UUID.randomUUID() + "/test", null)
        .exchange()
        .expectStatus()
        .isNotFound();
    post("/v1/platforms/x/test", null).exchange().expectStatus().isNotFound();
  }

  private MerchantConfig latestConfig(String merchant, int expected) {
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.await(CONFIG_TOPIC, r -> r.key().equals(merchant), expected);
    assertThat(records).hasSize(expected);
    MerchantConfig last = null;
    for (ConsumerRecord<String, byte[]> r : records) {
      MerchantConfig c = Json.read(r.value(), MerchantConfig.class);
      assertThat(c.merchantId).isEqualTo(merchant);
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(TOKEN);
      if (last != null) {
        assertThat(c.version).isGreaterThan(last.version);
      }
      last = c;
    }
    return last;
  }
}
