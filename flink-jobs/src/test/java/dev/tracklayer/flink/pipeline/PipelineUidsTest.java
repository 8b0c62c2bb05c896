package dev.tracklayer.flink.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.destinations.DestinationAdapters;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's state (dedup marks, in-flight deliveries, Kafka offsets, sink buffers) restores
 * only into operators with the same uid: this list changes only on purpose.
 */
class PipelineUidsTest {
  static Set<String> uids(StreamExecutionEnvironment env) {
    Set<String> uids = new TreeSet<>();
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      String uid = node.getTransformationUID();
      assertThat(uid).as("uid of " + node.getOperatorName()).isNotNull();
      // A sink's writer and committer nodes carry its uid with a suffix Flink adds.
      uids.add(uid.replaceAll("^Sink Committer: ", "").replaceAll("(: Writer| Writer)$", ""));
    }
    return uids;
  }

  @Test
  void everyOperatorHasItsFixedUid() {
    PipelineSettings settings = PipelineSettings.fromMap(Map.of());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
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
                "route",
                "event-rows",
                "clickhouse-events",
                "accepted-events",
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
      for (String prefix : new String[] {"batch-", "delivery-", "errors-"}) {
        expected.add(prefix + p);
      }
    }
    assertThat(uids(env)).isEqualTo(expected);
  }
}
