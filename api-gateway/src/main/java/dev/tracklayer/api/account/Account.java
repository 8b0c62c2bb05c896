package dev.tracklayer.api.account;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** GET /v1/account: the caller's merchant profile. */
public record Account(
    UUID merchantId,
    String name,
    String email,
    String storePlatform,
    String storeUrl,
    int onboardingStep,
    boolean onboardingCompleted,
    String plan,
    String status,
    String role,
    @Schema(description = "IANA time zone in which analytics days are cut", example = "UTC")
        String timezone,
    @Schema(
            description =
                "What an event without consent.marketing means for ad platforms: allow (sent, the"
                    + " default) or deny (SKIPPED consent_denied, as consent.marketing false is)",
            allowableValues = {"allow", "deny"},
            example = "allow")
        String consentWhenUnstated,
    Instant createdAt,
    Instant updatedAt) {}
