package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.flink.pipeline.records.DeadLetter;
import dev.tracklayer.flink.pipeline.records.RawEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns events.raw records into events. A record that is not a usable event goes to the dead-letter
 * output with the reason; it never fails the job.
 */
public class ParseEventFunction extends ProcessFunction<RawEvent, TrackEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("events-dead-letters", TypeInformation.of(DeadLetter.class));

  private transient Counter deadLettered;

  @Override
  public void open(OpenContext openContext) {
    deadLettered =
        PipelineMetrics.group(getRuntimeContext().getMetricGroup()).counter("events_dead_lettered");
  }

  @Override
  public void processElement(RawEvent raw, Context ctx, Collector<TrackEvent> out) {
    String problem;
    TrackEvent event = null;
    if (raw.value == null) {
      problem = "empty record";
    } else {
      try {
        event = Json.read(raw.value, TrackEvent.class);
        problem = missingField(event);
      } catch (RuntimeException e) {
        problem = "not a JSON event: " + rootMessage(e);
      }
    }
    if (problem == null) {
      out.collect(event);
      return;
    }
    deadLettered.inc();
    String payload = raw.value == null ? "" : new String(raw.value, StandardCharsets.UTF_8);
    ctx.output(
        DEAD_LETTERS,
        new DeadLetter(
            problem, raw.topic, raw.partition, raw.offset, payload, System.currentTimeMillis()));
  }

  private static String missingField(TrackEvent e) {
    if (e == null) {
      return "null event";
    }
    if (e.merchantId == null || e.merchantId.isBlank()) {
      return "missing merchant_id";
    }
    if (e.eventId == null || e.eventId.isBlank()) {
      return "missing event_id";
    }
    if (e.eventName == null || e.eventName.isBlank()) {
      return "missing event_name";
    }
    if (e.eventTime == null) {
      return "missing event_time";
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.length() > 300 ? m.substring(0, 300) : m;
  }
}
