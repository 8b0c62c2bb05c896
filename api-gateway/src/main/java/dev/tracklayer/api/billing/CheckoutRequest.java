package dev.tracklayer.api.billing;

import io.swagger.v3.oas.annotations.media.Schema;

/** POST /v1/billing/checkout. */
public record CheckoutRequest(
    @Schema(description = "a plan id of the catalog that has a Stripe price", example = "growth")
        String plan) {}
