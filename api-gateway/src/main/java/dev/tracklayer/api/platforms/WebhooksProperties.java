package dev.tracklayer.api.platforms;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tracklayer.webhooks.allow-private-targets} (TRACKLAYER_WEBHOOKS_ALLOW_PRIVATE_TARGETS):
 * off by default, so a webhook URL must point to a public address ({@link
 * dev.tracklayer.core.destinations.WebhookTargets}). Self-hosters who deliver to receivers inside
 * their own network turn it on.
 */
@ConfigurationProperties("tracklayer.webhooks")
public record WebhooksProperties(boolean allowPrivateTargets) {}
