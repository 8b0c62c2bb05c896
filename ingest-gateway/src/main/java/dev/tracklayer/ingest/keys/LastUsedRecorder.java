package dev.tracklayer.ingest.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects which keys were used and writes api_keys.last_used_at in one batch per interval: one
 * UPDATE per request would put PostgreSQL on the hot path of every event.
 */
public class LastUsedRecorder {
  private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

  private final ApiKeyRepository repository;
  private final Clock clock;
  private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();

  public LastUsedRecorder(ApiKeyRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public void touch(String keyId) {
    pending.put(keyId, clock.millis());
  }

  /** Writes what was collected since the last flush. Called by a scheduler and at shutdown. */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Map<String, Instant> batch = new HashMap<>();
    for (String id : pending.keySet()) {
      Long at = pending.remove(id);
      if (at != null) {
        batch.put(id, Instant.ofEpochMilli(at));
      }
    }
    try {
      repository.recordLastUsed(batch);
    } catch (RuntimeException e) {
      // Put them back for the next round, unless a newer use arrived meanwhile.
      batch.forEach((id, at) -> pending.merge(id, at.toEpochMilli(), Math::max));
      log.warn("could not record last_used_at of {} API keys: {}", batch.size(), e.toString());
    }
  }
}
