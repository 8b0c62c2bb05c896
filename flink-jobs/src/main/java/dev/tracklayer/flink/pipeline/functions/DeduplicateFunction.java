package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.TrackEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The authoritative 24 h dedup, keyed by (merchant_id, event_id): the first event of a key passes,
 * later ones within the TTL are dropped. The gateway's 409 is a fast path across replicas; this is
 * what holds after a gateway restart, a replay of the topic or a retried producer write. The state
 * is one byte per key and expires with the TTL, so nothing is left behind.
 */
public class DeduplicateFunction extends KeyedProcessFunction<String, TrackEvent, TrackEvent> {
  private final Duration ttl;
  private transient ValueState<Boolean> seen;

  public DeduplicateFunction(Duration ttl) {
    this.ttl = ttl;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttlConfig =
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .cleanupIncrementally(10, false)
            .cleanupInRocksdbCompactFilter(1000)
            .build();
    ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
    descriptor.enableTimeToLive(ttlConfig);
    seen = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(TrackEvent event, Context ctx, Collector<TrackEvent> out)
      throws Exception {
    if (seen.value() != null) {
      return;
    }
    seen.update(Boolean.TRUE);
    out.collect(event);
  }
}
