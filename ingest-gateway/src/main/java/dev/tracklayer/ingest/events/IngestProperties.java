package dev.tracklayer.ingest.events;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize larger bodies get 413; an event with 200 items fits in well under 64 KiB
 * @param trustedProxies CIDR blocks of our own load balancers: only behind them is X-Forwarded-For
 *     believed
 */
@ConfigurationProperties("tracklayer.ingest")
public record IngestProperties(
    @DefaultValue("64KB") DataSize maxBodySize, @DefaultValue({}) List<String> trustedProxies) {}
