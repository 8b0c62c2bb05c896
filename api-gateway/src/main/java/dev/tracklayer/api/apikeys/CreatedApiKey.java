package dev.tracklayer.api.apikeys;

import java.time.Instant;
import java.util.UUID;

/** POST /v1/api-keys: the only answer that carries the secret {@code key}. */
public record CreatedApiKey(UUID id, String name, String prefix, String key, Instant createdAt) {
  @Override
  public String toString() {
    return "CreatedApiKey{id=" + id + ", prefix=" + prefix + "}";
  }
}
