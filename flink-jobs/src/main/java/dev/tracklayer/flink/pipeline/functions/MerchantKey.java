package dev.tracklayer.flink.pipeline.functions;

import dev.tracklayer.core.event.TrackEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Routing is per merchant: its configuration is what decides. */
public class MerchantKey implements KeySelector<TrackEvent, String> {
  @Override
  public String getKey(TrackEvent event) {
    return event.merchantId;
  }
}
