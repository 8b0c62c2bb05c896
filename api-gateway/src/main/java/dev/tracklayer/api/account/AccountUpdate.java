package dev.tracklayer.api.account;

/**
 * PATCH /v1/account: only the fields present change. An empty string clears email, store_platform
 * and store_url; {@code timezone} is an IANA id, {@code ""} sets it back to UTC.
 */
public record AccountUpdate(
    String name,
    String email,
    String storePlatform,
    String storeUrl,
    Integer onboardingStep,
    Boolean onboardingCompleted,
    String timezone) {}
