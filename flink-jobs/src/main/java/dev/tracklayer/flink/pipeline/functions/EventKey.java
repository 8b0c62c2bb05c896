package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.TrackEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** (merchant_id, event_id): the identity of an event for dedup. */
public class EventKey implements KeySelector<TrackEvent, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String getKey(TrackEvent event) {
    return event.merchantId + '\u0000' + event.eventId;
  }
}
