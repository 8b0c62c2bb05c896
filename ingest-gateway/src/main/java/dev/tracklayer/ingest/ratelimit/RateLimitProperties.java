package dev.tracklayer.ingest.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The browser endpoint's limit per (merchant_id, client IP), as the API reference states it.
 *
 * @param maxTrackedClients bound of the in-process limiter's table; an evicted client starts
 *     afresh, which errs on the side of letting events in
 */
@ConfigurationProperties("tracklayer.ingest.rate-limit")
public record RateLimitProperties(
    @DefaultValue("30") int limit,
    @DefaultValue("60s") Duration window,
    @DefaultValue("100000") long maxTrackedClients) {}
