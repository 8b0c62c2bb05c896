package dev.tracklayer.flink.pipeline.records;

import dev.tracklayer.core.event.TrackEvent;

/** A delivery in a connection's backlog: the event and how many attempts it has had. */
public class Waiting {
  public TrackEvent event;
  public int attempts;

  public Waiting() {}

  public Waiting(TrackEvent event, int attempts) {
    this.event = event;
    this.attempts = attempts;
  }
}
