package dev.tracklayer.core.destinations;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The origin (scheme, host, optional port and path prefix, no trailing slash) each platform's
 * requests go to. Production uses the public origins; proxies and tests replace them with {@code
 * TRACKLAYER_DESTINATION_<PLATFORM>_BASE_URL} (docs/contracts.md), e.g. {@code
 * TRACKLAYER_DESTINATION_GOOGLE_ADS_BASE_URL}. Google's OAuth token endpoint is the extra key
 * {@value #GOOGLE_OAUTH} ({@code TRACKLAYER_DESTINATION_GOOGLE_OAUTH_BASE_URL}). The webhook has no
 * entry: its URL is the connection's own.
 */
public final class Endpoints implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String GOOGLE_OAUTH = "google_oauth";

  /** Public origins, keyed by platform key. */
  public static final Map<String, String> DEFAULTS = publicOrigins();

  private final Map<String, String> baseUrls;

  /**
   * @param overrides base URLs keyed by platform key ({@code meta}, {@code google_ads}, {@code
   *     google_oauth}, …); platforms not named keep their public default
   */
  public Endpoints(Map<String, String> overrides) {
    Map<String, String> map = new LinkedHashMap<>(DEFAULTS);
    Objects.requireNonNull(overrides, "overrides")
        .forEach(
            (k, v) -> {
              if (v != null && !v.isBlank()) {
                map.put(k.toLowerCase(Locale.ROOT), stripSlash(v.strip()));
              }
            });
    this.baseUrls = Collections.unmodifiableMap(map);
  }

  public static Endpoints defaults() {
    return new Endpoints(Map.of());
  }

  public static Endpoints fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Reads {@code TRACKLAYER_DESTINATION_<KEY>_BASE_URL} for every key of {@link #DEFAULTS}. */
  public static Endpoints fromEnvironment(Map<String, String> env) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String key : DEFAULTS.keySet()) {
      String v = env.get(envVar(key));
      if (v != null && !v.isBlank()) {
        overrides.put(key, v);
      }
    }
    return new Endpoints(overrides);
  }

  /** {@code google_ads} → {@code TRACKLAYER_DESTINATION_GOOGLE_ADS_BASE_URL}. */
  public static String envVar(String key) {
    return "TRACKLAYER_DESTINATION_" + key.toUpperCase(Locale.ROOT) + "_BASE_URL";
  }

  /** Every platform (and Google OAuth) pointed at one origin: what local fakes need. */
  public static Endpoints allAt(String baseUrl) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : DEFAULTS.keySet()) {
      map.put(key, baseUrl);
    }
    return new Endpoints(map);
  }

  /** The origin for {@code key}; throws for a key with no endpoint (e.g. webhook). */
  public String baseUrl(String key) {
    String v = baseUrls.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no endpoint for " + key);
    }
    return v;
  }

  public Map<String, String> asMap() {
    return baseUrls;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Endpoints other && baseUrls.equals(other.baseUrls);
  }

  @Override
  public int hashCode() {
    return baseUrls.hashCode();
  }

  @Override
  public String toString() {
    return "Endpoints" + baseUrls;
  }

  private static String stripSlash(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static Map<String, String> publicOrigins() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("meta", "https://graph.facebook.com");
    m.put("tiktok", "https://business-api.tiktok.com");
    m.put("ga4", "https://www.google-analytics.com");
    m.put("google_ads", "https://googleads.googleapis.com");
    m.put(GOOGLE_OAUTH, "https://oauth2.googleapis.com");
    m.put("snapchat", "https://tr.snapchat.com");
    m.put("pinterest", "https://api.pinterest.com");
    m.put("reddit", "https://ads-api.reddit.com");
    m.put("linkedin", "https://api.linkedin.com");
    m.put("x", "https://ads-api.x.com");
    m.put("microsoft", "https://capi.uet.microsoft.com");
    m.put("klaviyo", "https://a.klaviyo.com");
    return Collections.unmodifiableMap(m);
  }
}
