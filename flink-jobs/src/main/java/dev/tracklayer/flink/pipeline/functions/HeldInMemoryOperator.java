package dev.tracklayer.flink.pipeline.functions;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * An operator that holds records for a moment in memory, not in Flink state: everything it holds is
 * handed downstream before a checkpoint barrier passes and when the input ends, so a checkpoint
 * never depends on it and no record pays for a state write on its way through.
 */
abstract class HeldInMemoryOperator<IN, OUT> extends AbstractStreamOperator<OUT>
    implements OneInputStreamOperator<IN, OUT> {
  private static final long serialVersionUID = 1L;

  /** Emits everything held and forgets it. */
  protected abstract void flushAll();

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flushAll();
  }

  @Override
  public void finish() throws Exception {
    flushAll();
    super.finish();
  }
}
