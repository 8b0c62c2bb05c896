package dev.tracklayer.api.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** PATCH /v1/rules/:id body: the fields present replace the rule's. */
public record RuleUpdate(
    String name,
    Boolean enabled,
    Conditions conditions,
    @Schema(description = Rule.REQUIRE_CONSENT) Boolean requireConsent,
    List<String> platforms) {}
