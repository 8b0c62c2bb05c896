package dev.tracklayer.ingest.dedup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param window how long an event_id stays taken
 * @param maxEntries bound of the in-process index (used without Redis), allocated at start: about
 *     32 bytes each. Past it the oldest entries are evicted early and a late duplicate gets 202,
 *     which the pipeline's own dedup still catches.
 */
@ConfigurationProperties("tracklayer.ingest.dedup")
public record DedupProperties(
    @DefaultValue("24h") Duration window, @DefaultValue("1000000") long maxEntries) {}
