package dev.tracklayer.flink;

import dev.tracklayer.flink.pipeline.PipelineJob;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import dev.tracklayer.flink.rollup.RollupJob;
import dev.tracklayer.flink.rollup.RollupSettings;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink cluster of {@code ./tracklayer up}: one process with a MiniCluster, its web UI and REST
 * API on :8082, running every TrackLayer job. Production submits the same jobs to a real cluster;
 * the jobs do not know the difference.
 */
public final class LocalFlinkCluster {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

  private LocalFlinkCluster() {}

  /** The jobs this build has; each one added here is started by {@code ./tracklayer up}. */
  static List<TrackLayerJob> jobs() {
    return List.of(
        new PipelineJob(PipelineSettings.fromEnvironment()),
        new RollupJob(RollupSettings.fromEnvironment()));
  }

  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    Configuration conf =
        params.has("config-dir")
            ? GlobalConfiguration.loadConfiguration(params.get("config-dir"))
            : new Configuration();
    String port = System.getenv("TRACKLAYER_FLINK_PORT");
    if (port != null && !port.isBlank()) {
      conf.set(RestOptions.PORT, Integer.parseInt(port));
    }
    String metricsPort = System.getenv("TRACKLAYER_FLINK_METRICS_PORT");
    if (metricsPort != null && !metricsPort.isBlank()) {
      conf.setString("metrics.reporter.prom.port", metricsPort);
    }
    boolean allowNonRestored = params.has("allow-non-restored-state");
    int slots = conf.get(TaskManagerOptions.NUM_TASK_SLOTS);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(cluster)));
    int restPort = cluster.getRestAddress().get().getPort();
    LOG.info("Flink web UI on http://127.0.0.1:{}", restPort);

    for (TrackLayerJob job : jobs()) {
      Configuration jobConf = new Configuration(conf);
      // Resume where the last run stopped: dedup state and Kafka offsets live in the checkpoint.
      // State whose operator is gone from this build refuses the start unless the operator says
      // it may be dropped (--allow-non-restored-state). Passed as restore settings, because the
      // remote environment resets any set through the configuration.
      SavepointRestoreSettings restore =
          Checkpoints.latest(job.checkpointDir())
              .map(
                  chk -> {
                    LOG.info("{} resumes from {}", job.name(), chk);
                    return SavepointRestoreSettings.forPath(
                        chk.toUri().toString(), allowNonRestored);
                  })
              .orElse(SavepointRestoreSettings.none());
      // Job classes are on this process's classpath, so nothing needs shipping.
      StreamExecutionEnvironment env =
          new RemoteStreamEnvironment("127.0.0.1", restPort, jobConf, new String[0], null, restore);
      job.define(env);
      LOG.info("submitted {} as {}", job.name(), env.executeAsync(job.name()).getJobID());
    }
    Thread.currentThread().join();
  }

  private static void closeQuietly(MiniCluster cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("MiniCluster did not close cleanly", e);
    }
  }
}
