package dev.tracklayer.ingest.fuzz;

import dev.tracklayer.ingest.IngestGatewayApplication;
import dev.tracklayer.ingest.bots.BotDetector;
import dev.tracklayer.ingest.testing.GatewayTestBase;
import dev.tracklayer.ingest.testing.TestData.Key;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway the fuzz properties run against: started once per JVM by hand, since jqwik properties
 * get no Spring test extension, with the integration tests' servers and settings (GatewayTestBase:
 * shared Kafka broker, migrated PostgreSQL, in-process dedup and rate limits).
 */
final class FuzzedGateway extends GatewayTestBase {
  private static FuzzedGateway instance;

  final ConfigurableApplicationContext context;
  final int port;
  final Key key;
  final TopicWatch topic;
  final LogWatch logs;
  private final BotDetector bots;

  private FuzzedGateway() {
    Map<String, String> properties = new HashMap<>(properties(KAFKA.bootstrapServers(), TOPIC, ""));
    properties.put("server.port", "0");
    // Closed by Spring's shutdown hook at JVM exit: a graceful shutdown would wait up to 30 s for
    // whatever request a hostile case left open, and Surefire kills a fork that slow to exit.
    properties.put("server.shutdown", "immediate");
    // As command-line arguments: they outrank application.yml, as @DynamicPropertySource does.
    context =
        new SpringApplicationBuilder(IngestGatewayApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(p -> "--" + p.getKey() + "=" + p.getValue())
                    .toArray(String[]::new));
    port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
    key = DATA.createMerchantWithKey();
    topic = new TopicWatch(KAFKA.bootstrapServers(), TOPIC);
    logs = LogWatch.attach();
    bots = context.getBean(BotDetector.class);
  }

  static synchronized FuzzedGateway get() {
    if (instance == null) {
      instance = new FuzzedGateway();
    }
    return instance;
  }

  String merchantId() {
    return key.merchantId();
  }

  boolean isBot(String userAgent) {
    return bots.isBot(userAgent);
  }

  static String recordKey(String merchantId, String eventId) {
    return merchantId + ":" + eventId;
  }
}
