package dev.tracklayer.api.platforms;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A connection as the dashboard sees it: credentials masked, e.g. {@code "••••1234"}, and its
 * delivery health. {@code status} is {@code auth_error} while the platform refuses an active
 * connection's credentials (deliveries wait until they are fixed); {@code delivery_paused_since} is
 * set while its circuit breaker holds deliveries back, with {@code backlog} of them waiting.
 */
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
    Instant updatedAt,
    Instant deliveryPausedSince,
    long backlog,
    String lastDeliveryError,
    Instant nextAttemptAt) {

  Platform withHealth(DeliveryHealth.State h) {
    String shown = "active".equals(status) && h.authError() ? "auth_error" : status;
    return new Platform(
        id,
        platform,
        name,
        shown,
        credentials,
        settings,
        lastTestedAt,
        lastTestResult,
        createdAt,
        updatedAt,
        h.pausedSince(),
        h.backlog(),
        h.lastError(),
        h.nextAttemptAt());
  }
}
