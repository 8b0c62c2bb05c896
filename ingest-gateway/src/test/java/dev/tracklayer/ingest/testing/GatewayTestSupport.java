package dev.tracklayer.ingest.testing;

import dev.tracklayer.core.testing.KafkaTestBroker;
import dev.tracklayer.core.testing.PostgresTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a random port against real servers: a Kafka broker, a fresh migrated PostgreSQL
 * database and, where a subclass says so, Redis. Each concrete configuration (a subclass with its
 * own {@code @DynamicPropertySource}) is one cached application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot turns metrics export off in tests; the management port's /actuator/prometheus is
// under test.
@AutoConfigureObservability
public abstract class GatewayTestSupport {
  protected static final Duration KEY_CACHE_TTL = Duration.ofSeconds(2);
  protected static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

  protected static final KafkaTestBroker KAFKA = KafkaTestBroker.shared();
  protected static final PostgresTestServer POSTGRES = PostgresTestServer.shared();
  protected static final String DATABASE = POSTGRES.createMigratedDatabase();
  protected static final TestData DATA = new TestData(DATABASE, POSTGRES.user());

  @Autowired protected WebTestClient client;
  @Autowired protected MeterRegistry meters;
  @LocalServerPort protected int port;
  @LocalManagementPort protected int managementPort;

  /**
   * Settings every test context shares; the ones tests measure are shortened (key cache 2 s).
   *
   * @param redisUrl blank for the in-process dedup index and rate limiter
   */
  public static Map<String, String> properties(
      String kafkaBootstrap, String topic, String redisUrl) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("tracklayer.kafka.bootstrap-servers", kafkaBootstrap);
    p.put("tracklayer.kafka.topic", topic);
    p.put("tracklayer.kafka.health-interval", "1s");
    p.put("spring.datasource.url", DATABASE);
    p.put("spring.datasource.username", POSTGRES.user());
    p.put("spring.datasource.password", "");
    p.put("spring.flyway.enabled", "false");
    p.put("tracklayer.redis.url", redisUrl);
    p.put("tracklayer.ingest.keys.cache-ttl", KEY_CACHE_TTL.toMillis() + "ms");
    p.put("tracklayer.ingest.keys.negative-cache-ttl", "1s");
    p.put("tracklayer.ingest.keys.last-used-flush-interval", "500ms");
    // Tests reach the gateway from loopback and choose client addresses with X-Forwarded-For.
    p.put("tracklayer.ingest.trusted-proxies", "127.0.0.1/32,::1/128");
    // Tests send many refused requests from loopback; ClientLimitsTest measures the budget.
    p.put("tracklayer.ingest.error-budget.limit", "1000000");
    // Actuator's own port: a free one, as the main port is.
    p.put("management.server.port", "0");
    return p;
  }

  /** Actuator's port, on loopback. */
  protected WebTestClient management() {
    return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
  }

  protected static void register(DynamicPropertyRegistry r, Map<String, String> properties) {
    properties.forEach((name, value) -> r.add(name, () -> value));
  }

  protected static String kafkaKey(String merchantId, String eventId) {
    return merchantId + ":" + eventId;
  }

  protected double eventCount(String endpoint, String outcome) {
    return meters
        .get("tracklayer.ingest.events")
        .tag("endpoint", endpoint)
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
