package dev.tracklayer.api.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record Rule(
    UUID id,
    String name,
    boolean enabled,
    Conditions conditions,
    List<String> platforms,
    Instant createdAt,
    Instant updatedAt) {}
