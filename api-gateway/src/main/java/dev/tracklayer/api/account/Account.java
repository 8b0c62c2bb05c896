package dev.tracklayer.api.account;

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
    Instant createdAt,
    Instant updatedAt) {}
