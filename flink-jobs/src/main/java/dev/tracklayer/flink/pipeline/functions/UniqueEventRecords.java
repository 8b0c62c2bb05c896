package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.AcceptedEvent;
import dev.tracklayer.flink.pipeline.records.EventRow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A unique event's two records: its ClickHouse events row, and on {@link #ACCEPTED} what the rollup
 * job counts (Kafka events.accepted). One operator for both, so the event crosses from the routing
 * task to this one once.
 */
public class UniqueEventRecords extends ProcessFunction<TrackEvent, EventRow> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<AcceptedEvent> ACCEPTED =
      new OutputTag<>("accepted-events", TypeInformation.of(AcceptedEvent.class));

  @Override
  public void processElement(TrackEvent event, Context ctx, Collector<EventRow> out) {
    ctx.output(ACCEPTED, AcceptedEvent.of(event));
    out.collect(EventRow.of(event));
  }
}
