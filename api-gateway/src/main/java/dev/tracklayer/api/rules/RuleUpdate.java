package dev.tracklayer.api.rules;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** PATCH /v1/rules/:id body: the fields present replace the rule's. */
public record RuleUpdate(
    String name,
    Boolean enabled,
    Conditions conditions,
    @Schema(
            description =
                "Match only events whose consent.marketing is true (stated), whatever the"
                    + " account's consent_when_unstated")
        Boolean requireConsent,
    List<String> platforms) {}
