package dev.tracklayer.ingest.redis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url {@code redis://host:port[/db]}; blank means no Redis (one replica, in-process dedup
 *     and rate limits)
 * @param commandTimeout how long a dedup or rate-limit command may take before the gateway goes on
 *     without it
 */
@ConfigurationProperties("tracklayer.redis")
public record RedisProperties(String url, @DefaultValue("500ms") Duration commandTimeout) {}
