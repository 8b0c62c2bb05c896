package dev.tracklayer.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A job of flink-jobs-all.jar ({@link JobMain}): it adds its graph to the environment. */
public interface TrackLayerJob {
  /** The job's name in the Flink web UI. */
  String name();

  /** Where the job keeps its checkpoints (its own folder), or empty when it has none. */
  String checkpointDir();

  /** Builds the job on {@code env} with its real sources and sinks, from the environment. */
  void define(StreamExecutionEnvironment env) throws Exception;
}
