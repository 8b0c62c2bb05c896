package dev.tracklayer.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseDatabase;
import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.core.destinations.Endpoints;
import dev.tracklayer.core.testing.ClickHouseTestServer;
import dev.tracklayer.core.testing.KafkaTestBroker;
import dev.tracklayer.core.testing.PostgresTestServer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Request helpers take URIs already encoded, as a browser sends them.
 *
 * <p>The API against real PostgreSQL, ClickHouse and Kafka on free ports. Every test class shares
 * one application context (and so one database of each kind and one pair of topics); tests stay
 * apart by acting as fresh users, each of whom gets a merchant of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
// Boot turns metrics export off in tests; the management port's /actuator/prometheus is tested.
@AutoConfigureObservability
public abstract class ApiIntegrationTest {
  protected static final String CREDENTIALS_KEY = newKey();
  protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  protected static final String EVENTS_TOPIC = "events.raw." + RUN;
  protected static final String CONFIG_TOPIC = "config.changes." + RUN;

  /** The pipeline's outputs, which the live stream follows; tests write them as the pipeline. */
  protected static final String ACCEPTED_TOPIC = "events.accepted." + RUN;

  protected static final String RESULTS_TOPIC = "deliveries.results." + RUN;

  /** The ingest gateway's copies answered 409, which the live stream follows too. */
  protected static final String DUPLICATES_TOPIC = "events.duplicates." + RUN;

  private static final String POSTGRES_URL = PostgresTestServer.shared().createMigratedDatabase();
  private static final String CLICKHOUSE_DATABASE = "api_test_" + RUN;
  protected static final FakePlatform PLATFORM = new FakePlatform();
  protected static final FakeStripe STRIPE = new FakeStripe();
  protected static final String STRIPE_WEBHOOK_SECRET =
      "whsec_" + UUID.randomUUID().toString().replace("-", "");

  /** The catalog the gateway ships (tests run in the module's directory). */
  protected static final String PLANS_FILE =
      java.nio.file.Path.of("..", "deploy", "billing", "plans.yaml").toAbsolutePath().toString();

  protected static final Duration MERCHANT_CACHE_TTL = Duration.ofSeconds(1);

  static {
    KafkaTestBroker.shared().createTopics(2, EVENTS_TOPIC);
    KafkaTestBroker.shared().createTopics(1, CONFIG_TOPIC);
    KafkaTestBroker.shared().createTopics(2, ACCEPTED_TOPIC, RESULTS_TOPIC, DUPLICATES_TOPIC);
  }

  @Autowired protected WebTestClient web;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected ClickHouseDatabase clickhouse;
  @LocalManagementPort protected int managementPort;

  protected String sub;
  protected String token;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES_URL);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("tracklayer.clickhouse.url", () -> ClickHouseTestServer.shared().url());
    registry.add("tracklayer.clickhouse.database", () -> CLICKHOUSE_DATABASE);
    // A subclass's own @DynamicPropertySource runs before this one, which would win on a shared
    // name: a context that needs a broker of its own sets tracklayer.test.kafka-bootstrap instead.
    registry.add(
        "tracklayer.kafka.bootstrap-servers",
        () ->
            "${tracklayer.test.kafka-bootstrap:"
                + KafkaTestBroker.shared().bootstrapServers()
                + "}");
    registry.add("tracklayer.kafka.events-topic", () -> EVENTS_TOPIC);
    registry.add("tracklayer.kafka.config-topic", () -> CONFIG_TOPIC);
    registry.add("tracklayer.kafka.accepted-events-topic", () -> ACCEPTED_TOPIC);
    registry.add("tracklayer.kafka.delivery-results-topic", () -> RESULTS_TOPIC);
    registry.add("tracklayer.kafka.duplicates-topic", () -> DUPLICATES_TOPIC);
    // Actuator's own port: a free one, as the main port is.
    registry.add("management.server.port", () -> "0");
    registry.add("tracklayer.jwt.secret", () -> Tokens.SECRET);
    registry.add("tracklayer.jwt.jwks-uri", () -> "");
    registry.add("tracklayer.credentials.key", () -> CREDENTIALS_KEY);
    // A suspension applies within the cache's lifetime (30 s by default): short, to be testable.
    registry.add("tracklayer.merchants.cache-ttl", () -> MERCHANT_CACHE_TTL.toMillis() + "ms");
    for (String platform : DestinationAdapters.PLATFORMS) {
      registry.add("tracklayer.destinations.base-urls." + platform, PLATFORM::url);
    }
    registry.add("tracklayer.destinations.base-urls." + Endpoints.GOOGLE_OAUTH, PLATFORM::url);
    registry.add("tracklayer.billing.plans-file", () -> PLANS_FILE);
    registry.add("tracklayer.billing.stripe.api-base", STRIPE::url);
    // As with Kafka above: a context without Stripe sets tracklayer.test.stripe-* to "".
    registry.add(
        "tracklayer.billing.stripe.secret-key",
        () -> "${tracklayer.test.stripe-secret-key:" + FakeStripe.SECRET_KEY + "}");
    registry.add(
        "tracklayer.billing.stripe.webhook-secret",
        () -> "${tracklayer.test.stripe-webhook-secret:" + STRIPE_WEBHOOK_SECRET + "}");
  }

  @BeforeEach
  void newUser() {
    sub = Tokens.newSub();
    token = Tokens.valid(sub);
  }

  protected WebTestClient.RequestHeadersSpec<?> get(String uri) {
    return get(uri, token);
  }

  protected WebTestClient.RequestHeadersSpec<?> get(String uri, String bearer) {
    return web.get().uri(URI.create(uri)).headers(h -> h.setBearerAuth(bearer));
  }

  protected WebTestClient.RequestHeadersSpec<?> post(String uri, Object body) {
    return post(uri, body, token);
  }

  protected WebTestClient.RequestHeadersSpec<?> post(String uri, Object body, String bearer) {
    var spec = web.post().uri(URI.create(uri)).headers(h -> h.setBearerAuth(bearer));
    return body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  protected WebTestClient.RequestHeadersSpec<?> patch(String uri, Object body, String bearer) {
    return web.patch()
        .uri(URI.create(uri))
        .headers(h -> h.setBearerAuth(bearer))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body);
  }

  protected WebTestClient.RequestHeadersSpec<?> delete(String uri, String bearer) {
    return web.delete().uri(URI.create(uri)).headers(h -> h.setBearerAuth(bearer));
  }

  /** Actuator's port, on loopback. */
  protected WebTestClient management() {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + managementPort)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** The merchant of the current user, provisioned by its first call. */
  protected String merchantId() {
    return merchantIdOf(token);
  }

  protected String merchantIdOf(String bearer) {
    JsonNode account =
        get("/v1/account", bearer)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    return account.get("merchant_id").asText();
  }

  protected static JsonNode body(WebTestClient.ResponseSpec response) {
    return response.expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
