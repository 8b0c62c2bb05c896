package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.EventRow;
import org.apache.flink.api.common.functions.MapFunction;

/** A unique event as a ClickHouse events row. */
public class ToEventRow implements MapFunction<TrackEvent, EventRow> {
  private static final long serialVersionUID = 1L;

  @Override
  public EventRow map(TrackEvent event) {
    return EventRow.of(event);
  }
}
