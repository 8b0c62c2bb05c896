package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.config.ConnectionConfig;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.DeliveryBatch;
import dev.tracklayer.flink.pipeline.records.DeliveryTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Groups a connection's tasks into platform requests: a batch leaves when it is full or when its
 * first event has waited {@code linger}, so throughput is not one HTTP request per event while a
 * lone event is not held for long. Keyed by connection id; the buffer is checkpointed state.
 */
public class BatchDeliveriesFunction
    extends KeyedProcessFunction<String, DeliveryTask, DeliveryBatch> {
  private final int maxBatchSize;
  private final long lingerMillis;
  private transient ListState<TrackEvent> buffer;
  private transient ValueState<Integer> size;
  private transient ValueState<ConnectionConfig> connection;

  public BatchDeliveriesFunction(int maxBatchSize, Duration linger) {
    this.maxBatchSize = Math.max(1, maxBatchSize);
    this.lingerMillis = linger.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    buffer =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("batch", TypeInformation.of(TrackEvent.class)));
    size = getRuntimeContext().getState(new ValueStateDescriptor<>("batch-size", Types.INT));
    connection =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "batch-connection", TypeInformation.of(ConnectionConfig.class)));
  }

  @Override
  public void processElement(DeliveryTask task, Context ctx, Collector<DeliveryBatch> out)
      throws Exception {
    if (maxBatchSize == 1) {
      out.collect(new DeliveryBatch(task.connection, List.of(task.event)));
      return;
    }
    Integer n = size.value();
    int count = n == null ? 0 : n;
    if (count == 0) {
      ctx.timerService()
          .registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + lingerMillis);
    }
    buffer.add(task.event);
    // The newest connection snapshot carries rotated credentials.
    connection.update(task.connection);
    size.update(count + 1);
    if (count + 1 >= maxBatchSize) {
      flush(out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeliveryBatch> out)
      throws Exception {
    flush(out);
  }

  private void flush(Collector<DeliveryBatch> out) throws Exception {
    Iterable<TrackEvent> events = buffer.get();
    List<TrackEvent> batch = new ArrayList<>();
    if (events != null) {
      events.forEach(batch::add);
    }
    if (!batch.isEmpty()) {
      out.collect(new DeliveryBatch(connection.value(), batch));
    }
    buffer.clear();
    size.clear();
    connection.clear();
  }
}
