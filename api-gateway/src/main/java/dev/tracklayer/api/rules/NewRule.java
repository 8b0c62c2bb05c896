package dev.tracklayer.api.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * POST /v1/rules body; enabled defaults to true, conditions to none (every event), require_consent
 * to false.
 */
public record NewRule(
    String name,
    Boolean enabled,
    Conditions conditions,
    @Schema(description = Rule.REQUIRE_CONSENT) Boolean requireConsent,
    List<String> platforms) {}
