package dev.tracklayer.api.account;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * PATCH /v1/account: only the fields present change. An empty string clears email, store_platform
 * and store_url; {@code timezone} is an IANA id, {@code ""} sets it back to UTC; {@code
 * consent_when_unstated} is allow or deny.
 */
public record AccountUpdate(
    String name,
    String email,
    String storePlatform,
    String storeUrl,
    Integer onboardingStep,
    Boolean onboardingCompleted,
    String timezone,
    @Schema(
            description = "What an event without consent.marketing means for ad platforms",
            allowableValues = {"allow", "deny"})
        String consentWhenUnstated) {}
