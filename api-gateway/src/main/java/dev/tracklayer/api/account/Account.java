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
    Instant createdAt,
    Instant updatedAt) {}
