package dev.tracklayer.flink.replay;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** One copy per original event: the window may hold an event twice (a client's re-send). */
public class FirstCopyOnly extends KeyedProcessFunction<String, ReplayCopy, ReplayCopy> {
  private static final long serialVersionUID = 1L;

  private transient ValueState<Boolean> seen;
  private transient Progress progress;

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
  }

  @Override
  public void processElement(ReplayCopy c, Context ctx, Collector<ReplayCopy> out)
      throws Exception {
    if (progress == null) {
      progress = new Progress("written");
    }
    if (seen.value() == null) {
      seen.update(true);
      progress.add(c.partition, 0);
      out.collect(c);
    }
  }

  @Override
  public void close() {
    if (progress != null) {
      progress.print();
    }
  }
}
