package dev.tracklayer.ingest.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Refused requests one client (address, or IPv6 /64) may send per sliding window on the browser
 * endpoint, and unauthenticated ones on the server endpoint, before the rest of the window is
 * answered 429 unread.
 */
@ConfigurationProperties("tracklayer.ingest.error-budget")
public record ErrorBudgetProperties(
    @DefaultValue("60") int limit,
    @DefaultValue("60s") Duration window,
    @DefaultValue("100000") long maxTrackedClients) {}
