package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import org.apache.flink.api.common.functions.FilterFunction;

/** The tasks of one platform, for that platform's own batching and delivery operators. */
public class ForPlatform implements FilterFunction<DeliveryTask> {
  private final String platform;

  public ForPlatform(String platform) {
    this.platform = platform;
  }

  @Override
  public boolean filter(DeliveryTask task) {
    return platform.equals(task.connection.platform);
  }
}
