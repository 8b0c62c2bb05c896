package dev.tracklayer.ingest.merchants;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the browser endpoint trusts what it read about a merchant.
 *
 * @param cacheTtl for an existing merchant (a suspension reaches the browser endpoint within it)
 * @param negativeCacheTtl for an unknown one: short, so a merchant created a moment ago works, long
 *     enough that a page spraying one bogus id costs one query per interval
 */
@ConfigurationProperties("tracklayer.ingest.merchants")
public record MerchantProperties(
    @DefaultValue("60s") Duration cacheTtl,
    @DefaultValue("10s") Duration negativeCacheTtl,
    @DefaultValue("100000") long maxCachedMerchants) {}
