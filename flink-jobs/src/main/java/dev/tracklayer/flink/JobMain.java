package dev.tracklayer.flink;

import dev.tracklayer.flink.pipeline.PipelineJob;
import dev.tracklayer.flink.pipeline.PipelineSettings;
import dev.tracklayer.flink.rollup.RollupJob;
import dev.tracklayer.flink.rollup.RollupSettings;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The entry class of flink-jobs-all.jar: {@code --job pipeline|rollup}. The session cluster runs it
 * when the jar is submitted ({@code ./tracklayer flink submit JOB}, Flink's {@code /jars/:id/run},
 * or {@code flink run}); where the job restores from (savepoint, checkpoint, and whether state
 * without its operator may be dropped) is the submission's, not the job's.
 */
public final class JobMain {
  /** The jobs this build has, by the name the operator uses; {@code ./tracklayer up} runs each. */
  public static final Map<String, Supplier<TrackLayerJob>> JOBS =
      Map.of(
          "pipeline", () -> new PipelineJob(PipelineSettings.fromEnvironment()),
          "rollup", () -> new RollupJob(RollupSettings.fromEnvironment()));

  private JobMain() {}

  public static void main(String[] args) throws Exception {
    String name = ParameterTool.fromArgs(args).getRequired("job");
    Supplier<TrackLayerJob> job = JOBS.get(name);
    if (job == null) {
      throw new IllegalArgumentException("no job " + name + "; the jobs are " + JOBS.keySet());
    }
    TrackLayerJob built = job.get();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    built.define(env);
    env.execute(built.name());
  }
}
