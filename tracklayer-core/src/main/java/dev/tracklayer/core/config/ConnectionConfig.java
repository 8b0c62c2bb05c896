package dev.tracklayer.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashMap;
import java.util.Map;

/** One platform connection of a merchant, as the pipeline needs it. */
public class ConnectionConfig {
  /**
   * Webhook setting ({@code "true"} / {@code "false"}): whether the merchant's own endpoint follows
   * the visitor's marketing consent as ad platforms do. Off by default: a webhook is not an ad
   * platform, and the merchant may need every event (e.g. for its own analytics).
   */
  public static final String RESPECT_CONSENT = "respect_consent";

  @JsonProperty("id")
  public String id;

  /** meta, tiktok, ga4, google_ads, snapchat, pinterest, reddit, linkedin, x, microsoft, … */
  @JsonProperty("platform")
  public String platform;

  @JsonProperty("name")
  public String name;

  /** active, paused or error; only active connections receive events. */
  @JsonProperty("status")
  public String status;

  /** Base64 of the AES-GCM ciphertext of the credentials JSON object. */
  @JsonProperty("credentials")
  public String credentials;

  /** Optional extras such as Meta's test_event_code. */
  @JsonProperty("settings")
  public Map<String, String> settings = new HashMap<>();

  public ConnectionConfig() {}

  public ConnectionConfig(
      String id,
      String platform,
      String name,
      String status,
      String credentials,
      Map<String, String> settings) {
    this.id = id;
    this.platform = platform;
    this.name = name;
    this.status = status;
    this.credentials = credentials;
    this.settings = new HashMap<>(settings);
  }

  public boolean active() {
    return "active".equals(status);
  }

  /**
   * Whether this connection receives only events the visitor consented to: every ad platform does;
   * a webhook only with {@link #RESPECT_CONSENT} set to true.
   */
  public boolean followsConsent() {
    return !"webhook".equals(platform)
        || (settings != null && "true".equals(settings.get(RESPECT_CONSENT)));
  }
}
