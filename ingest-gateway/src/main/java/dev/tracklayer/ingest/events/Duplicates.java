package dev.tracklayer.ingest.events;

import dev.tracklayer.core.analytics.IdentityFields;
import dev.tracklayer.core.event.Json;
import dev.tracklayer.core.event.TrackEvent;
import dev.tracklayer.core.quality.DuplicateCopy;
import dev.tracklayer.ingest.errors.ErrorCodes;
import dev.tracklayer.ingest.errors.IngestException;
import dev.tracklayer.ingest.kafka.DuplicateWriter;
import org.springframework.stereotype.Component;

/**
 * Turns a copy answered 409 duplicate_event into a {@link DuplicateCopy} on the duplicates topic,
 * so the dashboard's live view can show it beside the copy that was kept. Which user_data fields
 * the copy carried leaves, never a value.
 */
@Component
public class Duplicates {
  private final DuplicateWriter writer;

  public Duplicates(DuplicateWriter writer) {
    this.writer = writer;
  }

  /**
   * Records {@code event} when {@code e} is the 409 of a copy; returns at once either way.
   *
   * @param event the copy as it would have been written: source, received_at and user_data set
   */
  public void record(IngestException e, TrackEvent event) {
    if (!ErrorCodes.DUPLICATE_EVENT.equals(e.code())) {
      return;
    }
    DuplicateCopy copy =
        new DuplicateCopy(
            event.merchantId,
            event.eventId,
            event.eventName,
            event.source,
            event.receivedAt,
            IdentityFields.of(event.userData));
    writer.write(event.merchantId + ":" + event.eventId, Json.toBytes(copy));
  }
}
