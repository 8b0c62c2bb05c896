package dev.tracklayer.api.platforms;

import java.time.Instant;

/**
 * POST /v1/platforms/:id/test: what the platform said about a synthetic event.
 *
 * @param outcome DELIVERED, RETRY (transient trouble), FAILED (rejected), SKIPPED (the platform
 *     would not be sent such an event, e.g. no conversion mapped) or ERROR (the test could not run)
 * @param testMode whether the platform's test mode was used (Meta/TikTok test_event_code, GA4's
 *     validation endpoint, Pinterest test, Google Ads validate_only, Reddit test_id); without it
 *     the platform records the event
 */
public record TestResult(
    boolean ok,
    String platform,
    String outcome,
    Integer httpStatus,
    String message,
    boolean testMode,
    String eventId,
    Instant testedAt) {}
