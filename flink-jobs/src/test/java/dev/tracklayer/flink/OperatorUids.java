package dev.tracklayer.flink;

import static org.assertj.core.api.Assertions.fail;

import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

/**
 * Pins a job's operator uids. A checkpoint or savepoint restores state only into an operator with
 * the same uid, so a renamed uid silently starts that operator empty (for the pipeline: 24 h of
 * dedup marks gone, duplicate conversions sent). The failure names the uids that changed.
 */
public final class OperatorUids {
  private OperatorUids() {}

  /** Each node's uid; a sink's writer and committer carry its uid with a suffix Flink adds. */
  public static Set<String> of(StreamGraph graph) {
    Set<String> uids = new TreeSet<>();
    for (StreamNode node : graph.getStreamNodes()) {
      String uid = node.getTransformationUID();
      if (uid == null) {
        fail("operator '%s' has no uid: give it .uid(...)", node.getOperatorName());
      }
      uids.add(uid.replaceAll("^Sink Committer: ", "").replaceAll("(: Writer| Writer)$", ""));
    }
    return uids;
  }

  /**
   * Builds the job graph (which fails on an operator without a uid once the job disables generated
   * uids) and compares its uids with {@code expected}.
   */
  public static void assertPinned(
      String job, StreamExecutionEnvironment env, Set<String> expected) {
    StreamGraph graph = env.getStreamGraph();
    Set<String> actual = of(graph);
    graph.getJobGraph();
    Set<String> gone = new TreeSet<>(expected);
    gone.removeAll(actual);
    Set<String> added = new TreeSet<>(actual);
    added.removeAll(expected);
    if (!gone.isEmpty() || !added.isEmpty()) {
      fail(
          "%s: operator uids changed. Missing (renamed or removed, their state would not restore"
              + " from a savepoint or checkpoint): %s. New: %s. If this is on purpose, update the"
              + " pinned list and say in docs/operations.md what happens to that state (an upgrade"
              + " then needs --allow-non-restored-state).",
          job, gone, added);
    }
  }
}
