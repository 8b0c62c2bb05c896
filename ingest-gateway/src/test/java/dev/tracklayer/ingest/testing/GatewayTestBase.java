package dev.tracklayer.ingest.testing;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The common configuration: shared Kafka broker, in-process dedup and rate limiting. */
public abstract class GatewayTestBase extends GatewayTestSupport {
  protected static final String TOPIC = "events.raw";
  protected static final EventsTopic EVENTS = new EventsTopic(KAFKA.bootstrapServers(), TOPIC);

  static {
    KAFKA.createTopics(4, TOPIC);
  }

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry r) {
    register(r, properties(KAFKA.bootstrapServers(), TOPIC, ""));
  }
}
