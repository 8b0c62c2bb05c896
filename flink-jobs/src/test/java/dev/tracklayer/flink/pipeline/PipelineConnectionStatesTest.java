package dev.tracklayer.flink.pipeline;

import static dev.tracklayer.flink.pipeline.Eventually.eventually;
import static dev.tracklayer.flink.pipeline.PipelineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.clickhouse.ClickHouseSql;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.testing.FakePlatforms;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each connection's delivery state reaches routing (deliveries.connections, broadcast) and comes
 * back with a restart: the fast path chained to routing does not call a connection that the keyed
 * delivery operator holds open, however the job was stopped and started.
 */
class PipelineConnectionStatesTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Map<String, String> SNAPCHAT =
      Map.of("pixel_id", "snap-pixel-1", "access_token", "snap-token");

  private static PipelineFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx =
        new PipelineFixture(
            Map.of(
                "TRACKLAYER_DELIVERY_BREAKER_FAILURES", "3",
                "TRACKLAYER_DELIVERY_HEALTH_MS", "500"));
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static JobClient start(String savepoint) throws Exception {
    Configuration conf = new Configuration();
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    new PipelineJob(fx.settings).define(env);
    return env.executeAsync("pipeline-connection-states-test");
  }

  private static String stopWithSavepoint(JobClient job) throws Exception {
    String dir = Files.createTempDirectory("savepoints-").toUri().toString();
    for (int attempt = 1; ; attempt++) {
      try {
        return job.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL).get();
      } catch (ExecutionException e) {
        if (attempt == 10) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  /**
   * Snapchat is down and its breaker open when the job stops; after the restart, with Snapchat
   * still down, new events wait behind the backlog without a call (no fresh failure is needed to
   * learn it): only probes of the head event reach it. Once it is back, all are delivered in order.
   */
  @Test
  void anOpenConnectionStaysParkedAfterARestart() throws Exception {
    String shop = fx.merchant(Map.of("snapchat", SNAPCHAT), List.of());
    fx.platforms.down("snapchat");
    JobClient job = start(null);
    JobClient restarted = null;
    List<String> parked = new ArrayList<>();
    try {
      fx.send(event(shop, "restart-first", "purchase"));
      eventually(
          Duration.ofSeconds(30),
          () -> assertThat(health(shop, "snapchat").get("status").asText()).isEqualTo("open"));
      // The keyed operator said so on the topic; routing has read it by now.
      eventually(
          Duration.ofSeconds(10),
          () ->
              assertThat(fx.readTopic("deliveries.connections", 1, 2_000))
                  .anyMatch(json -> json.contains(shop) && json.contains("\"waiting\"")));
      Thread.sleep(1000);
      String savepoint = stopWithSavepoint(job);
      job = null;

      restarted = start(savepoint);
      int before = fx.platforms.requestCount("snapchat");
      for (int i = 0; i < 6; i++) {
        String id = "restart-" + i;
        parked.add(id);
        fx.send(event(shop, id, "purchase"));
        if (i == 0) {
          // The restarted job is reading: the next ones reach it one by one, in this order.
          eventually(
              Duration.ofSeconds(30),
              () -> assertThat(health(shop, "snapchat").get("backlog").asLong()).isEqualTo(2));
        }
        Thread.sleep(600);
      }
      eventually(
          Duration.ofSeconds(20),
          () -> assertThat(health(shop, "snapchat").get("backlog").asLong()).isEqualTo(7));
      List<FakePlatforms.Request> whileOpen = fx.platforms.requests("snapchat");
      whileOpen = whileOpen.subList(before, whileOpen.size());
      for (FakePlatforms.Request r : whileOpen) {
        assertThat(Json.readTree(r.body()).get("data").size()).isEqualTo(1);
        assertThat(r.body()).contains("restart-first");
      }
    } finally {
      fx.platforms.up("snapchat");
    }
    try {
      eventually(
          Duration.ofSeconds(30),
          () -> assertThat(fx.platforms.receivedIds("snapchat")).containsAll(parked));
      List<String> order = new ArrayList<>(fx.platforms.receivedIds("snapchat"));
      order.retainAll(parked);
      assertThat(order).containsExactlyElementsOf(parked);
      eventually(
          Duration.ofSeconds(20),
          () -> assertThat(health(shop, "snapchat").get("status").asText()).isEqualTo("closed"));
    } finally {
      if (job != null) {
        job.cancel().get();
      }
      if (restarted != null) {
        restarted.cancel().get();
      }
    }
  }

  private static JsonNode health(String merchant, String platform) {
    List<JsonNode> rows =
        fx.clickHouse.query(
            ClickHouseSql.bind(
                "SELECT status, backlog FROM connection_health FINAL"
                    + " WHERE merchant_id = ? AND platform = ?",
                merchant,
                platform));
    return rows.isEmpty() ? null : rows.get(0);
  }
}
