package dev.tracklayer.flink.pipeline;

import dev.tracklayer.core.destinations.DestinationAdapters;
import dev.tracklayer.flink.OperatorUids;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's state (dedup marks, in-flight deliveries, Kafka offsets, sink buffers) restores
 * only into operators with the same uid: this list changes only on purpose.
 */
class PipelineUidsTest {
  @Test
  void everyOperatorHasItsFixedUid() {
    PipelineSettings settings = PipelineSettings.fromMap(Map.of());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineJob.configure(env, settings);
    PipelineJob.build(
        env, settings, PipelineJob.realSources(settings), PipelineJob.realSinks(settings));
    Set<String> expected =
        new TreeSet<>(
            Set.of(
                "events-source",
                "parse",
                "events-dlq",
                "configs-0",
                "configs-1",
                // Configurations and connection states, broadcast to routing together.
                "configs-updates",
                "connection-states-source",
                "connection-states-sink",
                "route",
                // Off the routing thread: the events rows and events.accepted records.
                "unique-event-records",
                "clickhouse-events",
                "events-accepted",
                "errors-route",
                "results",
                "latest-delivery-states",
                "clickhouse-deliveries",
                "delivery-results",
                "deliveries-dlq",
                "clickhouse-connection-health"));
    for (String p : DestinationAdapters.PLATFORMS) {
      // delivery-<p> holds the connection's waiting deliveries and breaker (DeliverOperator).
      // send-<p> holds the first attempts in flight (FastDeliverOperator).
      for (String prefix :
          new String[] {"batch-", "send-", "errors-send-", "delivery-", "errors-"}) {
        expected.add(prefix + p);
      }
    }
    OperatorUids.assertPinned("tracklayer-pipeline", env, expected);
  }
}
