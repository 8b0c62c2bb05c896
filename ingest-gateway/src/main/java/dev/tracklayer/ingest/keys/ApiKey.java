package dev.tracklayer.ingest.keys;

/**
 * An unrevoked API key as the gateway needs it; the secret itself is never held.
 *
 * @param id api_keys.id, recorded on every event as api_key_id
 * @param merchantId the merchant every event sent with this key belongs to
 * @param merchantActive false while the merchant is suspended
 */
public record ApiKey(String id, String merchantId, boolean merchantActive) {}
