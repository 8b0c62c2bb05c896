package dev.tracklayer.api.billing;

import io.swagger.v3.oas.annotations.media.Schema;

/** POST /v1/billing/webhook: what became of the event. */
public record WebhookResult(
    String id,
    String type,
    @Schema(
            description =
                "applied (the merchant changed), ignored (not about a known merchant, an unhandled"
                    + " type, or older than the state it would replace) or duplicate (this event id"
                    + " was handled before)",
            allowableValues = {"applied", "ignored", "duplicate"})
        String outcome) {}
