package dev.tracklayer.api.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A connection as the dashboard sees it: credentials masked, e.g. {@code "••••1234"}. */
public record Platform(
    UUID id,
    String platform,
    String name,
    String status,
    Map<String, String> credentials,
    Map<String, String> settings,
    Instant lastTestedAt,
    JsonNode lastTestResult,
    Instant createdAt,
    Instant updatedAt) {}
