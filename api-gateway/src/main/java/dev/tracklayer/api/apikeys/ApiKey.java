package dev.tracklayer.api.apikeys;

import java.time.Instant;
import java.util.UUID;

/** A key as listed: never its secret, which exists only in the creation answer. */
public record ApiKey(
    UUID id,
    String name,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {}
