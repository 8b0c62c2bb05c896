package dev.tracklayer.api.billing;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where to send the merchant's browser: a Stripe Checkout or customer-portal page. */
public record SessionUrl(
    @Schema(example = "https://checkout.stripe.com/c/pay/cs_test_…") String url) {}
