package dev.tracklayer.api.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record Rule(
    UUID id,
    String name,
    boolean enabled,
    Conditions conditions,
    @Schema(
            description =
                "Match only events whose consent.marketing is true (stated), whatever the"
                    + " account's consent_when_unstated")
        boolean requireConsent,
    List<String> platforms,
    Instant createdAt,
    Instant updatedAt) {}
