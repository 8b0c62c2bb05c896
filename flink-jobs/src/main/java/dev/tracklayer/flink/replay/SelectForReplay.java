package dev.tracklayer.flink.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.flink.pipeline.records.RawEvent;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the raw events the replay selects and makes their copies. A record that is not an event
 * (the pipeline dead-lettered it) or is itself a replay is counted as read and left out.
 */
public class SelectForReplay extends RichFlatMapFunction<RawEvent, ReplayCopy> {
  private static final long serialVersionUID = 1L;

  private final ReplaySettings settings;
  private transient Progress progress;

  public SelectForReplay(ReplaySettings settings) {
    this.settings = settings;
  }

  @Override
  public void flatMap(RawEvent raw, Collector<ReplayCopy> out) {
    if (progress == null) {
      progress = new Progress("read", "matched");
    }
    progress.add(raw.partition, 0);
    JsonNode event;
    try {
      event = Json.readTree(raw.value);
    } catch (Exception e) {
      return;
    }
    String merchant = event.path("merchant_id").asText("");
    String id = event.path("event_id").asText("");
    String replayOf = event.path("replay_of").asText("");
    if (merchant.isEmpty()
        || id.isEmpty()
        || !replayOf.isEmpty()
        || !settings.selects(merchant, event.path("event_name").asText(""))
        || !ReplayJob.fits(id, settings.run())) {
      return;
    }
    ReplayCopy c = new ReplayCopy();
    c.merchantId = merchant;
    c.originalId = id;
    c.eventId = id + "-replay-" + settings.run();
    c.eventName = event.path("event_name").asText("");
    c.partition = raw.partition;
    c.value = ReplayJob.copy(event, c.eventId, id, settings);
    progress.add(raw.partition, 1);
    out.collect(c);
  }

  @Override
  public void close() {
    if (progress != null) {
      progress.print();
    }
  }
}
