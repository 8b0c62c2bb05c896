package dev.tracklayer.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A merchant's whole routing configuration: its platform connections, its rules and what an
 * unstated consent means. The API publishes one after every change to the compacted topic {@code
 * config.changes}, keyed by merchant_id, so the latest snapshot per merchant is all a reader needs;
 * a null value (tombstone) removes the merchant. Credentials stay encrypted ({@link
 * dev.tracklayer.core.crypto.CredentialCipher}).
 */
public class MerchantConfig {
  public static final String TOPIC = "config.changes";

  /** The values of {@link #consentWhenUnstated}. */
  public static final String ALLOW = "allow";

  public static final String DENY = "deny";

  @JsonProperty("merchant_id")
  public String merchantId;

  /** Milliseconds since the epoch when the snapshot was taken; a reader keeps the newest. */
  @JsonProperty("version")
  public long version;

  @JsonProperty("connections")
  public List<ConnectionConfig> connections = new ArrayList<>();

  @JsonProperty("rules")
  public List<RuleConfig> rules = new ArrayList<>();

  /**
   * What an event whose {@code consent.marketing} is not stated means for ad platforms: {@link
   * #ALLOW} (the default) or {@link #DENY}. Null in state restored from before the setting existed,
   * which reads as allow.
   */
  @JsonProperty("consent_when_unstated")
  public String consentWhenUnstated = ALLOW;

  public MerchantConfig() {}

  public MerchantConfig(
      String merchantId, long version, List<ConnectionConfig> connections, List<RuleConfig> rules) {
    this.merchantId = merchantId;
    this.version = version;
    this.connections = new ArrayList<>(connections);
    this.rules = new ArrayList<>(rules);
  }

  /** Whether an event that does not state its marketing consent is treated as refusing it. */
  public boolean unstatedConsentDenied() {
    return DENY.equals(consentWhenUnstated);
  }
}
