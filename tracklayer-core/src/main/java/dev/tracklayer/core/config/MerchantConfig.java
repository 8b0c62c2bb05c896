package dev.tracklayer.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A merchant's whole routing configuration: its platform connections and rules. The API publishes
 * one after every change to the compacted topic {@code config.changes}, keyed by merchant_id, so
 * the latest snapshot per merchant is all a reader needs; a null value (tombstone) removes the
 * merchant. Credentials stay encrypted ({@link dev.tracklayer.core.crypto.CredentialCipher}).
 */
public class MerchantConfig {
  public static final String TOPIC = "config.changes";

  @JsonProperty("merchant_id")
  public String merchantId;

  /** Milliseconds since the epoch when the snapshot was taken; a reader keeps the newest. */
  @JsonProperty("version")
  public long version;

  @JsonProperty("connections")
  public List<ConnectionConfig> connections = new ArrayList<>();

  @JsonProperty("rules")
  public List<RuleConfig> rules = new ArrayList<>();

  public MerchantConfig() {}

  public MerchantConfig(
      String merchantId, long version, List<ConnectionConfig> connections, List<RuleConfig> rules) {
    this.merchantId = merchantId;
    this.version = version;
    this.connections = new ArrayList<>(connections);
    this.rules = new ArrayList<>(rules);
  }
}
