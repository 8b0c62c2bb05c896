package dev.tracklayer.flink.rollup;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds contributions into the row's running total, one at a time (the state is the total). */
public class SumContributions implements AggregateFunction<Contribution, RollupRow, RollupRow> {
  private static final long serialVersionUID = 1L;

  @Override
  public RollupRow createAccumulator() {
    return new RollupRow();
  }

  @Override
  public RollupRow add(Contribution c, RollupRow total) {
    total.add(c);
    return total;
  }

  /** A copy: the total stays in the window's state and keeps growing. */
  @Override
  public RollupRow getResult(RollupRow total) {
    return total.copy();
  }

  @Override
  public RollupRow merge(RollupRow a, RollupRow b) {
    throw new UnsupportedOperationException("tumbling windows do not merge");
  }
}
